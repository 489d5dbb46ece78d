# The GPU port (cuda/, namespace nn::cuda), book chapter 09.
#
# Enabled only where a CUDA compiler is found (nvcc on PATH, CUDACXX, or the
# toolkit's usual home /usr/local/cuda). A GPU is not needed to BUILD it: CI
# compiles every .cu file on a machine without one, and every [gpu] test then
# skips with "no CUDA device".
#
# Architectures (CMAKE_CUDA_ARCHITECTURES), in this order of preference:
#   1. whatever the user passes: -DCMAKE_CUDA_ARCHITECTURES=80 (or "86;90");
#   2. "native" (the GPUs of this machine) where nvidia-smi sees a device;
#   3. otherwise the default list NN_CUDA_DEFAULT_ARCHITECTURES below:
#        90-real     machine code (SASS) for sm_90, the H100 the benchmarks
#                    in bench/RESULTS.md target;
#        75-virtual  PTX for compute_75, the oldest architecture CUDA 13
#                    still supports: the driver compiles it just in time for
#                    any other GPU (Turing T4, Ampere, Ada, Blackwell), once,
#                    and caches the result.
#      One SASS and one PTX keep CI's compile time short (measured in
#      bench/RESULTS.md); add your GPU's SASS for the best start-up time.
include(CheckLanguage)
if(NOT CMAKE_CUDA_COMPILER AND NOT DEFINED ENV{CUDACXX} AND EXISTS /usr/local/cuda/bin/nvcc)
  set(CMAKE_CUDA_COMPILER /usr/local/cuda/bin/nvcc CACHE FILEPATH "CUDA compiler")
endif()
check_language(CUDA)
if(NOT CMAKE_CUDA_COMPILER)
  message(STATUS "GPU port: no CUDA compiler found, cuda/ and the GPU parts of chapter 09 are off")
  return()
endif()

set(NN_CUDA_DEFAULT_ARCHITECTURES "75-virtual;90-real")
if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES OR CMAKE_CUDA_ARCHITECTURES STREQUAL "")
  find_program(NN_NVIDIA_SMI nvidia-smi)
  set(nn_gpu_caps "")
  if(NN_NVIDIA_SMI)
    execute_process(COMMAND ${NN_NVIDIA_SMI} --query-gpu=compute_cap --format=csv,noheader
                    OUTPUT_VARIABLE nn_gpu_caps RESULT_VARIABLE nn_smi_status ERROR_QUIET
                    OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(NOT nn_smi_status EQUAL 0)
      set(nn_gpu_caps "")
    endif()
  endif()
  if(nn_gpu_caps MATCHES "[0-9]+\\.[0-9]+")
    set(CMAKE_CUDA_ARCHITECTURES native)
    message(STATUS "GPU port: compiling for this machine's GPU (compute capability ${nn_gpu_caps})")
  else()
    set(CMAKE_CUDA_ARCHITECTURES ${NN_CUDA_DEFAULT_ARCHITECTURES})
    message(STATUS "GPU port: no GPU visible, compiling for ${CMAKE_CUDA_ARCHITECTURES}")
  endif()
endif()

enable_language(CUDA)
# C++17 for the .cu files: CMake 3.25 does not know nvcc 13's C++20 flag, and
# the kernels need nothing newer. (The host .cpp files of cuda/ are C++20.)
set(CMAKE_CUDA_STANDARD 17)
set(CMAKE_CUDA_STANDARD_REQUIRED ON)
find_package(CUDAToolkit REQUIRED)
message(STATUS "GPU port: on (nvcc ${CMAKE_CUDA_COMPILER_VERSION}, architectures ${CMAKE_CUDA_ARCHITECTURES})")

# -O3 host flags from the C++ side do not reach nvcc's device code; the
# kernels are compiled with nvcc's own -O3 (its default in Release).
file(GLOB_RECURSE NN_CUDA_SOURCES CONFIGURE_DEPENDS
     ${CMAKE_SOURCE_DIR}/cuda/nn/cuda/*.cu ${CMAKE_SOURCE_DIR}/cuda/nn/cuda/*.cpp)
add_library(nn_cuda STATIC ${NN_CUDA_SOURCES})
target_include_directories(nn_cuda PUBLIC ${CMAKE_SOURCE_DIR}/cuda)
target_link_libraries(nn_cuda PUBLIC nn CUDA::cudart CUDA::cublas)
target_compile_definitions(nn_cuda PUBLIC NN_HAVE_CUDA)
# The CXX flags -march=native and -Wpedantic mean nothing to nvcc.
target_compile_options(nn_cuda PRIVATE
  $<$<COMPILE_LANGUAGE:CUDA>:--expt-relaxed-constexpr -Xcompiler=-Wall,-Wextra>)
set_target_properties(nn_cuda PROPERTIES CUDA_SEPARABLE_COMPILATION OFF)
