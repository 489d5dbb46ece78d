#pragma once
// Learning-rate schedules (book chapter 05): a large step early to make
// progress, a smaller one later to settle into a minimum. A schedule changes
// an optimiser's learning_rate between steps; the training loop tells it
// where training is through one of two hooks:
//
//   schedule.on_step(step)                after optimizer.step(), step = 1, 2, ...
//   schedule.on_epoch_end(epoch, metric)  after each epoch, epoch = 1, 2, ...;
//                                         metric: the validation loss, say
//
// Each schedule uses one hook (named in its comment) and ignores the other,
// so a loop can call both on any schedule. The learning rate the optimiser
// has when the schedule is made is lr0.
#include "nn/optim.hpp"

namespace nn {

class LrSchedule {
 public:
  explicit LrSchedule(Optimizer& optimizer);
  virtual ~LrSchedule() = default;
  virtual void on_step(int /*step*/) {}
  virtual void on_epoch_end(int /*epoch*/, double /*metric*/) {}

 protected:
  Optimizer& optimizer_;
  float initial_lr_;  // lr0
};

/// Step decay, per epoch: lr = lr0 gamma^floor(epoch / step_size), so the
/// rate is multiplied by gamma every step_size epochs (torch.optim.lr_scheduler.StepLR).
/// step_size = 2, gamma = 0.5: epochs 1-2 run at lr0, 3-4 at lr0/2, ...
class StepDecay : public LrSchedule {
 public:
  StepDecay(Optimizer& optimizer, int step_size, float gamma = 0.1f);
  void on_epoch_end(int epoch, double metric) override;
  int step_size;
  float gamma;
};

/// Exponential decay, per optimiser step: lr = lr0 gamma^step (the step-wise
/// form of torch.optim.lr_scheduler.ExponentialLR; call on_step(epoch) at
/// the end of each epoch for its epoch-wise form).
class ExponentialDecay : public LrSchedule {
 public:
  ExponentialDecay(Optimizer& optimizer, float gamma);
  void on_step(int step) override;
  float gamma;
};

/// Reduce on plateau, per epoch, on a metric to minimise (the validation
/// loss): when the metric has not improved for more than `patience` epochs in
/// a row, lr <- max(lr * factor, min_lr). "Improved" means below
/// best * (1 - threshold), a relative margin so that noise-sized gains do not
/// count. torch.optim.lr_scheduler.ReduceLROnPlateau with mode "min",
/// threshold_mode "rel" and no cooldown; the defaults are torch's.
class ReduceOnPlateau : public LrSchedule {
 public:
  ReduceOnPlateau(Optimizer& optimizer, float factor = 0.1f, int patience = 10, float min_lr = 0.0f,
                  double threshold = 1e-4);
  void on_epoch_end(int epoch, double metric) override;
  double best() const { return best_; }
  /// Epochs since the metric last improved (or the rate was last reduced).
  int bad_epochs() const { return bad_epochs_; }
  float factor;
  int patience;
  float min_lr;
  double threshold;

 private:
  double best_;
  int bad_epochs_ = 0;
};

}  // namespace nn
