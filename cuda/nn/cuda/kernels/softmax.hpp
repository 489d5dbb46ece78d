#pragma once
// Softmax + cross-entropy on the GPU (book chapter 09), the twin of
// nn::SoftmaxCrossEntropy (lib/nn/loss.cpp). Device pointers; labels are
// class indices already checked on the host to lie in [0, cols).
namespace nn::cuda {

/// For logits z [rows, cols]: probabilities[r] = softmax(z[r]) and
/// row_loss[r] = log(sum_k e^(z_k - m)) - (z_y - m), m = max_k z_k
/// (exact where softmax(z)_y rounds to 0). One warp per row.
void softmax_cross_entropy_forward(const float* logits, const int* labels, int rows, int cols,
                                   float* probabilities, float* row_loss);
/// dL/dz of the MEAN loss: (probabilities - onehot(labels)) / rows.
void softmax_cross_entropy_backward(const float* probabilities, const int* labels, int rows,
                                    int cols, float* grad);

}  // namespace nn::cuda
