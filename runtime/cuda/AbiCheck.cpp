//===- AbiCheck.cpp - Our CUDA declarations against the toolkit's ---------===//
//
// Driver.h, Blas.h and Nccl.h declare the few CUDA driver, cuBLASLt and NCCL
// types and values the runtime uses, so that it builds without the toolkit. Where the
// toolkit's headers are found (runtime/CMakeLists.txt), this file checks each
// declaration against them at compile time; it produces no code.
//
//===----------------------------------------------------------------------===//

#include "runtime/cuda/Blas.h"
#include "runtime/cuda/Driver.h"
#include "runtime/cuda/Nccl.h"

#include <cublasLt.h>
#include <cuda.h>

#include <cstddef>
#include <type_traits>

namespace cu = moe::runtime::cuda;
namespace lt = moe::runtime::cuda::lt;
namespace nc = moe::runtime::cuda::nccl;

// The driver (Driver.h).
static_assert(cu::CUDA_SUCCESS == CUDA_SUCCESS);
static_assert(cu::CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR ==
              CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
static_assert(cu::CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR ==
              CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
static_assert(cu::CU_STREAM_NON_BLOCKING == CU_STREAM_NON_BLOCKING);
static_assert(cu::CU_LIMIT_STACK_SIZE == CU_LIMIT_STACK_SIZE);
static_assert(cu::CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT ==
              CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
static_assert(cu::CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES ==
              CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES);
static_assert(cu::CU_TENSOR_MAP_DATA_TYPE_BFLOAT16 ==
              CU_TENSOR_MAP_DATA_TYPE_BFLOAT16);
static_assert(cu::CU_TENSOR_MAP_INTERLEAVE_NONE ==
              CU_TENSOR_MAP_INTERLEAVE_NONE);
static_assert(cu::CU_TENSOR_MAP_SWIZZLE_128B == CU_TENSOR_MAP_SWIZZLE_128B);
static_assert(cu::CU_TENSOR_MAP_L2_PROMOTION_L2_256B ==
              CU_TENSOR_MAP_L2_PROMOTION_L2_256B);
static_assert(cu::CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE ==
              CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE);
static_assert(sizeof(cu::CUtensorMap) == sizeof(CUtensorMap) &&
              alignof(cu::CUtensorMap) == alignof(CUtensorMap));
static_assert(sizeof(CUtensorMapDataType) == sizeof(int) &&
              sizeof(CUtensorMapSwizzle) == sizeof(int));
static_assert(std::is_same_v<cu::CUdeviceptr, CUdeviceptr>);
static_assert(sizeof(cu::CUresult) == sizeof(CUresult));
static_assert(sizeof(cu::CUdevice) == sizeof(CUdevice));

// cuBLASLt (Blas.h).
static_assert(sizeof(lt::Status) == sizeof(cublasStatus_t));
static_assert(lt::CUBLAS_STATUS_SUCCESS == CUBLAS_STATUS_SUCCESS);
static_assert(lt::CUBLAS_COMPUTE_32F == CUBLAS_COMPUTE_32F);
static_assert(lt::CUBLAS_COMPUTE_32F_FAST_TF32 == CUBLAS_COMPUTE_32F_FAST_TF32);
static_assert(lt::CUDA_R_32F == CUDA_R_32F);
static_assert(lt::CUDA_R_16BF == CUDA_R_16BF);
static_assert(lt::CUBLAS_OP_N == CUBLAS_OP_N && lt::CUBLAS_OP_T == CUBLAS_OP_T);
static_assert(lt::CUBLASLT_MATMUL_DESC_TRANSA == CUBLASLT_MATMUL_DESC_TRANSA);
static_assert(lt::CUBLASLT_MATMUL_DESC_TRANSB == CUBLASLT_MATMUL_DESC_TRANSB);
static_assert(lt::CUBLASLT_MATMUL_DESC_EPILOGUE ==
              CUBLASLT_MATMUL_DESC_EPILOGUE);
static_assert(lt::CUBLASLT_MATMUL_DESC_BIAS_POINTER ==
              CUBLASLT_MATMUL_DESC_BIAS_POINTER);
static_assert(lt::CUBLASLT_EPILOGUE_DEFAULT == CUBLASLT_EPILOGUE_DEFAULT);
static_assert(lt::CUBLASLT_EPILOGUE_BIAS == CUBLASLT_EPILOGUE_BIAS);
static_assert(lt::CUBLASLT_MATRIX_LAYOUT_BATCH_COUNT ==
              CUBLASLT_MATRIX_LAYOUT_BATCH_COUNT);
static_assert(lt::CUBLASLT_MATRIX_LAYOUT_STRIDED_BATCH_OFFSET ==
              CUBLASLT_MATRIX_LAYOUT_STRIDED_BATCH_OFFSET);
static_assert(lt::CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES ==
              CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES);
static_assert(lt::CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_A_BYTES ==
              CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_A_BYTES);
static_assert(lt::CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_B_BYTES ==
              CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_B_BYTES);
static_assert(lt::CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_C_BYTES ==
              CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_C_BYTES);
static_assert(lt::CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_D_BYTES ==
              CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_D_BYTES);
static_assert(sizeof(lt::Algo) == sizeof(cublasLtMatmulAlgo_t));
static_assert(sizeof(lt::HeuristicResult) ==
              sizeof(cublasLtMatmulHeuristicResult_t));
static_assert(offsetof(lt::HeuristicResult, workspaceSize) ==
              offsetof(cublasLtMatmulHeuristicResult_t, workspaceSize));
static_assert(offsetof(lt::HeuristicResult, state) ==
              offsetof(cublasLtMatmulHeuristicResult_t, state));
// Handles and streams are opaque pointers (our struct tags live in our
// namespace, so their types differ by name only).
static_assert(sizeof(lt::Handle) == sizeof(cublasLtHandle_t));
static_assert(sizeof(cu::CUstream) == sizeof(CUstream));

// NCCL (Nccl.h), where its header is installed beside the toolkit's.
#if __has_include(<nccl.h>)
#include <nccl.h>
static_assert(sizeof(nc::Result) == sizeof(ncclResult_t));
static_assert(nc::ncclSuccess == ncclSuccess);
static_assert(sizeof(nc::DataType) == sizeof(ncclDataType_t));
static_assert(nc::ncclFloat32 == ncclFloat32);
static_assert(sizeof(nc::UniqueId) == sizeof(ncclUniqueId) &&
              alignof(nc::UniqueId) == alignof(ncclUniqueId));
static_assert(sizeof(nc::Comm) == sizeof(ncclComm_t));
#endif
