#include "nn/cuda/layers/conv2d.hpp"

#include "nn/cuda/kernels/im2col.hpp"
#include "nn/cuda/kernels/reduce.hpp"
#include "nn/cuda/sgemm.hpp"

namespace nn::cuda {

Conv2D::Conv2D(nn::Conv2D& cpu)
    : name_(cpu.name()),
      in_(cpu.in_channels()),
      out_(cpu.out_channels()),
      kh_(cpu.kernel_h()),
      kw_(cpu.kernel_w()),
      stride_(cpu.stride()),
      padding_(cpu.padding()),
      weight_(cpu.weight()),
      bias_(cpu.bias()),
      weight_grad_(cpu.weight().shape()),
      bias_grad_(cpu.bias().shape()) {
  weight_grad_.zero();
  bias_grad_.zero();
}

ConvGeometry Conv2D::geometry(const Shape& s) const {
  if (s.size() != 4 || s[1] != in_)
    throw ShapeError("cuda::" + name_ + ": expected [N, " + std::to_string(in_) + ", H, W], got " +
                     to_string(s));
  return {.channels = in_,
          .height = s[2],
          .width = s[3],
          .kernel_h = kh_,
          .kernel_w = kw_,
          .stride = stride_,
          .padding = padding_};
}

//! [conv-forward]
const DeviceTensor& Conv2D::forward(const DeviceTensor& x) {
  const ConvGeometry g = geometry(x.shape());
  input_shape_ = x.shape();
  const int n = x.rows(), patch = g.patch_size(), positions = g.positions();
  const int width = n * positions;  // columns of the batch's matrix
  columns_.resize({patch, width});
  im2col(x.data(), n, g, columns_.data());
  product_oc_np_.resize({out_, width});
  // Y [OC, N*P] = W [OC, C*KH*KW] cols [C*KH*KW, N*P]
  sgemm(layer_gemm(), Transpose::No, Transpose::No, out_, width, patch, 1.0f, weight_.data(), patch,
        columns_.data(), width, 0.0f, product_oc_np_.data(), width);
  output_.resize({n, out_, g.out_h(), g.out_w()});
  c_np_to_nchw(product_oc_np_.data(), bias_.data(), n, out_, positions, output_.data());
  return output_;
}
//! [conv-forward]

const DeviceTensor& Conv2D::backward(const DeviceTensor& dy) {
  if (input_shape_.empty()) throw Error("cuda::" + name_ + ": backward before forward");
  const ConvGeometry g = geometry(input_shape_);
  const int n = input_shape_[0], patch = g.patch_size(), positions = g.positions();
  const int width = n * positions;
  check_device_shape("cuda::" + name_ + " backward", Shape{n, out_, g.out_h(), g.out_w()},
                     dy.shape());
  grad_product_oc_np_.resize({out_, width});
  nchw_to_c_np(dy.data(), n, out_, positions, grad_product_oc_np_.data());
  // dW [OC, C*KH*KW] += dY [OC, N*P] cols^T [N*P, C*KH*KW]
  sgemm(layer_gemm(), Transpose::No, Transpose::Yes, out_, patch, width, 1.0f,
        grad_product_oc_np_.data(), width, columns_.data(), width, 1.0f, weight_grad_.data(),
        patch);
  row_sums(grad_product_oc_np_.data(), out_, width, bias_grad_.data(), 1.0f);
  // dcols [C*KH*KW, N*P] = W^T [C*KH*KW, OC] dY [OC, N*P]
  grad_columns_.resize({patch, width});
  sgemm(layer_gemm(), Transpose::Yes, Transpose::No, patch, width, out_, 1.0f, weight_.data(),
        patch, grad_product_oc_np_.data(), width, 0.0f, grad_columns_.data(), width);
  grad_input_.resize(input_shape_);
  col2im(grad_columns_.data(), n, g, grad_input_.data());
  return grad_input_;
}

std::vector<DeviceParameter> Conv2D::parameters() {
  return {{"weight", &weight_, &weight_grad_}, {"bias", &bias_, &bias_grad_}};
}

void Conv2D::copy_to(nn::Layer& cpu) const {
  auto& c = dynamic_cast<nn::Conv2D&>(cpu);
  c.weight() = weight_.to_host();
  c.bias() = bias_.to_host();
}

}  // namespace nn::cuda
