#pragma once
// Gradient clipping (book chapter 11: exploding gradients in an RNN).
#include <vector>

#include "nn/layer.hpp"

namespace nn {

/// Rescales all gradients together so that their global L2 norm (over every
/// element of every parameter's gradient) is at most max_norm, keeping the
/// direction of the step and shortening only its length (Pascanu et al. 2013).
/// As torch.nn.utils.clip_grad_norm_: the factor is max_norm / (norm + 1e-6),
/// applied only when below 1; returns the norm before clipping. A NaN or Inf
/// norm leaves the gradients as they are (the training loop reports it).
/// Call it between backward() and the optimiser's step().
double clip_grad_norm(const std::vector<Parameter>& parameters, double max_norm);

}  // namespace nn
