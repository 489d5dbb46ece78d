#include "nn/schedule.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace nn {

LrSchedule::LrSchedule(Optimizer& optimizer)
    : optimizer_(optimizer), initial_lr_(optimizer.learning_rate) {}

StepDecay::StepDecay(Optimizer& optimizer, int step_size_, float gamma_)
    : LrSchedule(optimizer), step_size(step_size_), gamma(gamma_) {
  if (step_size <= 0)
    throw std::invalid_argument("StepDecay: step_size must be positive, got " +
                                std::to_string(step_size));
}

void StepDecay::on_epoch_end(int epoch, double /*metric*/) {
  // From lr0 each time (not lr *= gamma): the rate cannot drift, and the
  // epoch alone says what it is.
  optimizer_.learning_rate =
      static_cast<float>(initial_lr_ * std::pow(double{gamma}, epoch / step_size));
}

ExponentialDecay::ExponentialDecay(Optimizer& optimizer, float gamma_)
    : LrSchedule(optimizer), gamma(gamma_) {}

void ExponentialDecay::on_step(int step) {
  optimizer_.learning_rate = static_cast<float>(initial_lr_ * std::pow(double{gamma}, step));
}

ReduceOnPlateau::ReduceOnPlateau(Optimizer& optimizer, float factor_, int patience_, float min_lr_,
                                 double threshold_)
    : LrSchedule(optimizer),
      factor(factor_),
      patience(patience_),
      min_lr(min_lr_),
      threshold(threshold_),
      best_(std::numeric_limits<double>::infinity()) {
  if (!(factor > 0 && factor < 1))
    throw std::invalid_argument("ReduceOnPlateau: factor must be in (0, 1), got " +
                                std::to_string(factor));
}

//! [reduce-on-plateau]
void ReduceOnPlateau::on_epoch_end(int /*epoch*/, double metric) {
  if (metric < best_ * (1 - threshold)) {
    best_ = metric;
    bad_epochs_ = 0;
  } else {
    ++bad_epochs_;
  }
  if (bad_epochs_ > patience) {
    optimizer_.learning_rate = std::max(optimizer_.learning_rate * factor, min_lr);
    bad_epochs_ = 0;  // give the new rate `patience` epochs to help
  }
}
//! [reduce-on-plateau]

}  // namespace nn
