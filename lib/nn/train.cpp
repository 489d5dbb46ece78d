#include "nn/train.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "nn/checkpoint.hpp"
#include "nn/errors.hpp"
#include "nn/progress.hpp"

namespace nn {

void check_finite(const Tensor& t, const std::string& where) {
  if (!all_finite(t)) throw NumericalError("NaN or Inf in " + where);
}

namespace {

// Where a numerical fault happened, and that nothing was saved after it.
std::string at_step(const TrainingProgress& run, const FitOptions& o) {
  std::string s = fmt::format(" at epoch {}, step {}", run.epoch, run.step);
  if (!o.checkpoint.empty())
    s += fmt::format(" (the last checkpoint, '{}', is left as it was)", o.checkpoint);
  return s;
}

// Every gradient (before the step may spread a NaN into the weights) or every
// weight (after it) must be finite: name the first that is not, with its layer.
//! [check-parameters]
void check_parameters(Sequential& model, bool gradients, const TrainingProgress& run,
                      const FitOptions& o) {
  for (int i = 0; i < model.size(); ++i)
    for (const auto& p : model.layer(i).parameters())
      if (!all_finite(gradients ? *p.grad : *p.value))
        throw NumericalError(fmt::format("NaN or Inf in {} {}.{} of layer {}: {}{}: {}",
                                         gradients ? "the gradient of" : "the weights", i, p.name,
                                         i, model.layer(i).name(), at_step(run, o),
                                         "lower the learning rate?"));
}
//! [check-parameters]

// One step of gradient descent on one mini-batch; returns the batch's loss.
float train_step(Sequential& model, Loss& loss, Optimizer& optimizer, const Batch& batch,
                 Tensor& prediction, const TrainingProgress& run, const FitOptions& o) {
  //! [step]
  optimizer.zero_grad();
  prediction = model.forward(batch.x);
  const float batch_loss = loss.forward(prediction, batch.y);
  if (!std::isfinite(batch_loss))
    throw NumericalError(fmt::format("{} is {}{}: lower the learning rate?", loss.name(),
                                     batch_loss, at_step(run, o)));
  model.backward(loss.backward(), /*input_gradient=*/false);
  check_parameters(model, /*gradients=*/true, run, o);
  optimizer.step();
  //! [step]
  check_parameters(model, /*gradients=*/false, run, o);
  return batch_loss;
}

// A fresh run at epoch 1, or the run saved in o.resume, with `model`,
// `optimizer` and `loader` put back where it was.
TrainingProgress start_or_resume(Sequential& model, Optimizer& optimizer, DataLoader& loader,
                                 const Dataset& train, const FitOptions& o) {
  if (o.checkpoint_every < 0)
    throw Error(fmt::format("fit: checkpoint_every must be 0 or more, got {}", o.checkpoint_every));
  if (o.checkpoint_every > 0 && o.checkpoint.empty())
    throw Error("fit: checkpoint_every is set but no checkpoint file is named");
  TrainingProgress run;
  run.batch_size = o.batch_size;
  run.samples = train.size();
  if (o.resume.empty()) {
    loader.start_epoch();
    return run;
  }
  const Checkpoint saved = read_checkpoint(o.resume);
  const TrainingProgress& p = saved.progress;
  if (p.batch_size != run.batch_size || p.samples != run.samples)
    throw DataError(fmt::format(
        "checkpoint '{}': saved by a run with batch size {} on {} samples; this one has batch "
        "size {} on {} samples, so it cannot continue that run",
        o.resume, p.batch_size, p.samples, run.batch_size, run.samples));
  run = restore_checkpoint(saved, model, optimizer);
  loader.restore(run.loader);  // checked by read_checkpoint: cannot fail
  return run;
}

void save(const std::string& path, Sequential& model, Optimizer& optimizer, TrainingProgress& run,
          const DataLoader& loader) {
  run.loader = loader.state();
  save_checkpoint(path, model, optimizer, run);
}

}  // namespace

Evaluation evaluate(Sequential& model, const Dataset& data, Loss& loss, int batch_size) {
  const Tensor prediction = model.predict(data.x, batch_size);
  return {loss.forward(prediction, data.y), accuracy(prediction, data.y)};
}

History fit(Sequential& model, const Dataset& train, Loss& loss, Optimizer& optimizer,
            const FitOptions& o) {
  DataLoader loader(train, o.batch_size, /*shuffle=*/true, Rng(o.seed));
  // A stream of its own, so that turning augmentation on keeps the batch order.
  loader.set_augmentation(o.augment, Rng(o.seed ^ 0x5eed5eed5eedull));
  TrainingProgress run = start_or_resume(model, optimizer, loader, train, o);
  Batch batch;
  Tensor prediction;
  while (run.epoch <= o.epochs) {
    // run.seconds: time this epoch took before a resume, if it was resumed.
    const auto start = std::chrono::steady_clock::now();
    auto seconds = [&] {
      return run.seconds +
             std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    ProgressBar bar(fmt::format("epoch {}/{}", run.epoch, o.epochs), train.size(), o.quiet);
    model.set_training(true);
    while (loader.next(batch)) {
      ++run.step;
      ++run.global_step;
      const float batch_loss = train_step(model, loss, optimizer, batch, prediction, run, o);
      const int n = batch.x.rows();
      run.loss_sum += static_cast<double>(batch_loss) * n;
      run.correct += accuracy(prediction, batch.y) * n;
      run.seen += n;
      if (o.step_losses) o.step_losses->push_back(batch_loss);
      bar.update(run.seen, {{"loss", run.loss_sum / run.seen}, {"acc", run.correct / run.seen}});
      //! [checkpoint-every]
      if (o.checkpoint_every > 0 && run.global_step % o.checkpoint_every == 0) {
        TrainingProgress now = run;
        now.seconds = seconds();
        save(o.checkpoint, model, optimizer, now, loader);
      }
      //! [checkpoint-every]
    }
    History::Row row = {{"epoch", run.epoch},
                        {"train_loss", run.loss_sum / run.seen},
                        {"train_accuracy", run.correct / run.seen}};
    if (o.validation) {
      const Evaluation v = evaluate(model, *o.validation, loss);
      row.push_back({"val_loss", v.loss});
      row.push_back({"val_accuracy", v.accuracy});
    }
    row.push_back({"seconds", seconds()});
    bar.finish(History::Row(row.begin() + 1, row.end() - 1));
    run.history.add(row);
    if (o.on_epoch_end) o.on_epoch_end(run.epoch, run.history);

    //! [epoch-end]
    // The next epoch starts here, its order drawn now, so that an
    // end-of-epoch checkpoint is simply "step 0 of the next epoch".
    loader.start_epoch();
    ++run.epoch;
    run.step = run.seen = 0;
    run.loss_sum = run.correct = run.seconds = 0;
    if (!o.checkpoint.empty()) save(o.checkpoint, model, optimizer, run, loader);
    //! [epoch-end]
  }
  return run.history;
}

}  // namespace nn
