#include "nn/models/mnist.hpp"

#include "nn/layers/activations.hpp"
#include "nn/layers/conv2d.hpp"
#include "nn/layers/dense.hpp"
#include "nn/layers/flatten.hpp"
#include "nn/layers/pooling.hpp"

namespace nn {

//! [mlp]
Sequential mnist_mlp(Rng& rng) {
  Sequential model;
  model.add<Dense>(784, 256, rng, /*he_init=*/true);
  model.add<ReLU>();
  model.add<Dense>(256, 128, rng, /*he_init=*/true);
  model.add<ReLU>();
  model.add<Dense>(128, 10, rng);
  return model;
}
//! [mlp]

//! [convnet]
// The Keras original:
//   model = Sequential()
//   model.add(Conv2D(32, (3, 3), activation='relu', input_shape=(28, 28, 1)))
//   model.add(MaxPooling2D((2, 2)))
//   model.add(Conv2D(64, (3, 3), activation='relu'))
//   model.add(MaxPooling2D((2, 2)))
//   model.add(Flatten())
//   model.add(Dense(128, activation='relu'))
//   model.add(Dense(10, activation='softmax'))
// Keras folds each activation into its layer; here it is a layer of its own,
// as in torch.nn.Sequential, and the softmax lives in the loss.
Sequential mnist_convnet(Rng& rng) {
  Sequential model;
  model.add<Conv2D>(1, 32, 3, rng);  // [N, 1, 28, 28] -> [N, 32, 26, 26]
  model.add<ReLU>();
  model.add<MaxPool2D>(2);            // -> [N, 32, 13, 13]
  model.add<Conv2D>(32, 64, 3, rng);  // -> [N, 64, 11, 11]
  model.add<ReLU>();
  model.add<MaxPool2D>(2);  // -> [N, 64, 5, 5]
  model.add<Flatten>();     // -> [N, 1600]
  model.add<Dense>(64 * 5 * 5, 128, rng, /*he_init=*/true);
  model.add<ReLU>();
  model.add<Dense>(128, 10, rng);  // logits
  return model;
}
//! [convnet]

}  // namespace nn
