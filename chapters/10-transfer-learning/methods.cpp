#include "methods.hpp"

#include <algorithm>
#include <cmath>

#include "nn/layers/activations.hpp"
#include "nn/layers/conv2d.hpp"
#include "nn/layers/dense.hpp"
#include "nn/layers/flatten.hpp"
#include "nn/layers/pooling.hpp"
#include "nn/loss.hpp"
#include "nn/optim.hpp"
#include "nn/train.hpp"

using namespace nn;

namespace ch10 {
namespace {

const Augmentation kCropFlip{.pad = 4, .flip = true};

// Trains with Adam, quietly, and returns the test accuracy.
double train_and_test(Sequential& model, const Dataset& train, const Dataset& test, Loss& loss,
                      float lr, const Schedule& s, const Augmentation& augment = kCropFlip) {
  Adam adam(model.parameters(), lr);  // frozen parameters are left alone
  const int n = train.size();
  fit(model, train, loss, adam,
      {.epochs = std::max(s.min_epochs, (s.image_passes + n - 1) / n),
       .batch_size = std::min(32, n),
       .seed = s.seed,
       .augment = augment,
       .quiet = true});
  return evaluate(model, test, loss).accuracy;
}

// (x - mean) / stddev per column, with the statistics of `fit_on`.
void standardise(Tensor& x, const Tensor& fit_on, Tensor& other) {
  const int n = fit_on.rows(), d = static_cast<int>(fit_on.row_size());
  std::vector<double> mean(d, 0.0), var(d, 0.0);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < d; ++j) mean[j] += fit_on.row(i)[j] / static_cast<double>(n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < d; ++j) var[j] += std::pow(fit_on.row(i)[j] - mean[j], 2) / n;
  for (Tensor* t : {&x, &other})
    for (int i = 0; i < t->rows(); ++i)
      for (int j = 0; j < d; ++j)
        t->row(i)[j] = static_cast<float>((t->row(i)[j] - mean[j]) / std::sqrt(var[j] + 1e-6));
}

}  // namespace

//! [course-convnet]
Sequential course_convnet(Rng& rng) {
  Sequential model;
  model.add<Conv2D>(3, 64, 3, rng);  // [N, 3, 32, 32] -> [N, 64, 30, 30]
  model.add<ReLU>();
  model.add<MaxPool2D>(2);            // -> [N, 64, 15, 15]
  model.add<Conv2D>(64, 32, 3, rng);  // -> [N, 32, 13, 13]
  model.add<ReLU>();
  model.add<MaxPool2D>(2);            // -> [N, 32, 6, 6]
  model.add<Conv2D>(32, 32, 3, rng);  // -> [N, 32, 4, 4]
  model.add<ReLU>();
  model.add<MaxPool2D>(2);  // -> [N, 32, 2, 2]
  model.add<Flatten>();     // -> [N, 128]
  model.add<Dense>(32 * 2 * 2, 64, rng, /*he_init=*/true);
  model.add<ReLU>();
  model.add<Dense>(64, 1, rng);  // the logit: sigmoid + cross-entropy are in the loss
  return model;
}
//! [course-convnet]

double course_from_scratch(const Dataset& train, const Dataset& test, const Schedule& s) {
  Rng rng(s.seed);
  Sequential model = course_convnet(rng);
  BinaryCrossEntropy loss;
  return train_and_test(model, train, test, loss, s.lr, s);
}

double deeper_from_scratch(const Dataset& train, const Dataset& test, const Schedule& s,
                           Tensor* first_filters) {
  Rng rng(s.seed);
  Sequential model = deeper_net(2, rng);
  SoftmaxCrossEntropy loss;
  const double accuracy = train_and_test(model, train, test, loss, s.lr, s);
  if (first_filters) *first_filters = *model.layer(0).parameters().front().value;
  return accuracy;
}

//! [fine-tune]
double fine_tune(Pretrained& pretrained, int frozen_until, const Dataset& train,
                 const Dataset& test, const Schedule& s) {
  Rng rng(s.seed);
  Sequential model = deeper_net(8, rng);
  model.set_state(pretrained.model.state(), pretrained.weights);
  model.pop();                                // the source task's 8-way classifier
  model.add<nn::Dense>(128 * 4 * 4, 2, rng);  // a new one: cat or dog
  if (frozen_until >= 0) model.freeze_until(frozen_until);
  SoftmaxCrossEntropy loss;
  return train_and_test(model, train, test, loss, s.fine_tune_factor * s.lr, s);
}
//! [fine-tune]

//! [trick]
double linear_on_features(const Dataset& train_features, const Dataset& test_features, bool svm,
                          std::uint64_t seed) {
  Dataset train = train_features, test = test_features;
  standardise(train.x, train_features.x, test.x);
  const int d = static_cast<int>(train.x.row_size());
  Rng rng(seed);
  Sequential linear;
  linear.add<Dense>(d, svm ? 2 : 1, rng);
  BinaryCrossEntropy logistic;
  MulticlassHinge hinge;
  Loss& loss = svm ? static_cast<Loss&>(hinge) : logistic;
  Adam adam(linear.parameters(), 1e-3f);
  adam.weight_decay = 1e-2f;  // L2: the SVM's margin term, and the logistic's prior
  const int n = train.size();
  fit(linear, train, loss, adam,
      {.epochs = std::max(20, 4000 / n),
       .batch_size = std::min(32, n),
       .seed = seed,
       .quiet = true});
  return evaluate(linear, test, loss).accuracy;
}
//! [trick]

Dataset balanced_subset(const Dataset& train, int n, std::uint64_t seed) {
  Rng rng(seed);
  const Dataset shuffled = train.sample(train.size(), rng);
  std::vector<int> picked, taken(2, 0);
  for (int i = 0; i < shuffled.size() && static_cast<int>(picked.size()) < n; ++i) {
    const int label = static_cast<int>(shuffled.y[i]);
    if (taken[label] < (n + 1 - label) / 2) picked.push_back(i), ++taken[label];
  }
  return {gather_rows(shuffled.x, picked), gather_rows(shuffled.y, picked), train.class_names};
}

}  // namespace ch10
