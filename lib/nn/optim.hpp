#pragma once
// Optimisers, book chapter 01 (SGD), chapter 05 (momentum and the adaptive
// methods) and chapter 06 (weight decay). An optimiser holds the parameters it
// updates, as torch.optim does:
//
//   optimizer.zero_grad(); model.backward(...); optimizer.step();
//
// Learning-rate schedules are in nn/schedule.hpp.
#include "nn/optim/adam.hpp"       // Adam, AdamW
#include "nn/optim/adaptive.hpp"   // AdaGrad, RMSprop
#include "nn/optim/clip.hpp"       // clip_grad_norm
#include "nn/optim/optimizer.hpp"  // Optimizer: learning rate, weight decay
#include "nn/optim/sgd.hpp"        // SGD, Momentum, Nesterov
