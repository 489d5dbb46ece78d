#include "nn/train.hpp"

#include <chrono>
#include <cmath>

#include "nn/errors.hpp"
#include "nn/progress.hpp"

namespace nn {

void check_finite(const Tensor& t, const std::string& where) {
  if (!all_finite(t)) throw NumericalError("NaN or Inf in " + where);
}

// After a step, every parameter must still be finite: name the first that is not.
static void check_parameters(Sequential& model, int epoch, int step) {
  for (auto& p : model.parameters()) {
    const std::string at = " at epoch " + std::to_string(epoch) + ", step " + std::to_string(step);
    check_finite(*p.grad, "the gradient of " + p.name + at);
    check_finite(*p.value, "parameter " + p.name + at);
  }
}

Evaluation evaluate(Sequential& model, const Dataset& data, Loss& loss, int batch_size) {
  const Tensor prediction = model.predict(data.x, batch_size);
  return {loss.forward(prediction, data.y), accuracy(prediction, data.y)};
}

History fit(Sequential& model, const Dataset& train, Loss& loss, Optimizer& optimizer,
            const FitOptions& o) {
  History history;
  DataLoader loader(train, o.batch_size, /*shuffle=*/true, Rng(o.seed));
  // A stream of its own, so that turning augmentation on keeps the batch order.
  loader.set_augmentation(o.augment, Rng(o.seed ^ 0x5eed5eed5eedull));
  Batch batch;
  for (int epoch = 1; epoch <= o.epochs; ++epoch) {
    const auto start = std::chrono::steady_clock::now();
    ProgressBar bar("epoch " + std::to_string(epoch) + "/" + std::to_string(o.epochs), train.size(),
                    o.quiet);
    model.set_training(true);
    loader.start_epoch();
    double loss_sum = 0, correct = 0;
    int seen = 0, step = 0;
    while (loader.next(batch)) {
      ++step;
      //! [step]
      optimizer.zero_grad();
      const Tensor prediction = model.forward(batch.x);
      const float batch_loss = loss.forward(prediction, batch.y);
      if (!std::isfinite(batch_loss))
        throw NumericalError(loss.name() + " is " + std::to_string(batch_loss) + " at epoch " +
                             std::to_string(epoch) + ", step " + std::to_string(step) +
                             ": lower the learning rate?");
      model.backward(loss.backward(), /*input_gradient=*/false);
      optimizer.step();
      //! [step]
      check_parameters(model, epoch, step);

      const int n = batch.x.rows();
      loss_sum += static_cast<double>(batch_loss) * n;
      correct += accuracy(prediction, batch.y) * n;
      seen += n;
      if (o.step_losses) o.step_losses->push_back(batch_loss);
      bar.update(seen, {{"loss", loss_sum / seen}, {"acc", correct / seen}});
    }
    std::vector<std::pair<std::string, double>> row = {
        {"epoch", epoch}, {"train_loss", loss_sum / seen}, {"train_accuracy", correct / seen}};
    if (o.validation) {
      const Evaluation v = evaluate(model, *o.validation, loss);
      row.push_back({"val_loss", v.loss});
      row.push_back({"val_accuracy", v.accuracy});
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    row.push_back({"seconds", seconds});
    bar.finish(std::vector<std::pair<std::string, double>>(row.begin() + 1, row.end() - 1));
    history.add(row);
    if (o.on_epoch_end) o.on_epoch_end(epoch, history);
  }
  return history;
}

}  // namespace nn
