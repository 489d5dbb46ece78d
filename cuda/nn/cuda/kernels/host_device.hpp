#pragma once
// NN_HOST_DEVICE marks a function that runs on both sides: compiled for the
// GPU when nvcc compiles a kernel that calls it, and as plain C++ for the
// host, where the tests run it over every element on the CPU (the index
// arithmetic of im2col_index.hpp, pooling_index.hpp and
// sgemm/register_blocked_parts.hpp is checked that way, without a GPU).
#ifdef __CUDACC__
#define NN_HOST_DEVICE __host__ __device__
#else
#define NN_HOST_DEVICE
#endif
