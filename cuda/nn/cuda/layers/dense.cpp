#include "nn/cuda/layers/dense.hpp"

#include "nn/cuda/kernels/elementwise.hpp"
#include "nn/cuda/kernels/reduce.hpp"
#include "nn/cuda/sgemm.hpp"

namespace nn::cuda {

Dense::Dense(nn::Dense& cpu)
    : name_(cpu.name()),
      in_(cpu.in_features()),
      out_(cpu.out_features()),
      weight_(cpu.weight()),
      bias_(cpu.bias()),
      weight_grad_(cpu.weight().shape()),
      bias_grad_(cpu.bias().shape()) {
  weight_grad_.zero();
  bias_grad_.zero();
}

//! [dense-forward]
const DeviceTensor& Dense::forward(const DeviceTensor& x) {
  if (x.shape().size() != 2 || x.dim(1) != in_)
    throw ShapeError("cuda::" + name_ + ": expected [N, " + std::to_string(in_) + "], got " +
                     to_string(x.shape()));
  input_ = &x;
  const int n = x.rows();
  output_.resize({n, out_});
  // y [n, out] = x [n, in] W^T [in, out]
  sgemm(layer_gemm(), Transpose::No, Transpose::Yes, n, out_, in_, 1.0f, x.data(), in_,
        weight_.data(), in_, 0.0f, output_.data(), out_);
  add_row_bias(output_.data(), bias_.data(), n, out_);
  return output_;
}
//! [dense-forward]

const DeviceTensor& Dense::backward(const DeviceTensor& dy) {
  if (input_ == nullptr) throw Error("cuda::" + name_ + ": backward before forward");
  const int n = input_->rows();
  check_device_shape("cuda::" + name_ + " backward", Shape{n, out_}, dy.shape());
  // dW [out, in] += dy^T [out, n] x [n, in]
  sgemm(layer_gemm(), Transpose::Yes, Transpose::No, out_, in_, n, 1.0f, dy.data(), out_,
        input_->data(), in_, 1.0f, weight_grad_.data(), in_);
  column_sums(dy.data(), n, out_, bias_grad_.data(), 1.0f);
  // dx [n, in] = dy [n, out] W [out, in]
  grad_input_.resize({n, in_});
  sgemm(layer_gemm(), Transpose::No, Transpose::No, n, in_, out_, 1.0f, dy.data(), out_,
        weight_.data(), in_, 0.0f, grad_input_.data(), in_);
  return grad_input_;
}

std::vector<DeviceParameter> Dense::parameters() {
  return {{"weight", &weight_, &weight_grad_}, {"bias", &bias_, &bias_grad_}};
}

void Dense::copy_to(nn::Layer& cpu) const {
  auto& d = dynamic_cast<nn::Dense&>(cpu);
  d.weight() = weight_.to_host();
  d.bias() = bias_.to_host();
}

}  // namespace nn::cuda
