//===- TestKernels.cpp - Hand-written kernels for the runtime tests -------===//
//
// Two kernels in the packed ABI of lowering/kernels/README.md, so that the
// runtime can be tested end to end without the compiler:
//   mxa_test_embed(wg, nwg, table F2[V,H], ids I64_1[T], out F2[T,H], scale
//   f32)
//     out[t] = table[ids[t]] * scale
//   mxa_test_add_bias(wg, nwg, x F2[R,N], bias F1[N], out F2[R,N], has_bias
//   i64)
//     out = x (+ bias)
// Both split their rows evenly over the nwg workgroups.
//
//===----------------------------------------------------------------------===//

#include <cstdint>

namespace {
template <typename T, int Rank> struct Memref {
  T *allocated;
  T *aligned;
  int64_t offset;
  int64_t sizes[Rank];
  int64_t strides[Rank];
};

/// Rows [begin, end) of `rows` for workgroup wg of nwg.
void share(int64_t rows, void **args, int64_t &begin, int64_t &end) {
  int64_t wg = *static_cast<int64_t *>(args[0]);
  int64_t nwg = *static_cast<int64_t *>(args[1]);
  begin = rows * wg / nwg;
  end = rows * (wg + 1) / nwg;
}
} // namespace

extern "C" __attribute__((visibility("default"))) void
mxa_test_embed(void **args) {
  auto &table = *static_cast<Memref<float, 2> *>(args[2]);
  auto &ids = *static_cast<Memref<int64_t, 1> *>(args[3]);
  auto &out = *static_cast<Memref<float, 2> *>(args[4]);
  float scale = *static_cast<float *>(args[5]);
  int64_t begin, end;
  share(out.sizes[0], args, begin, end);
  for (int64_t t = begin; t < end; ++t) {
    int64_t id = ids.aligned[ids.offset + t * ids.strides[0]];
    for (int64_t j = 0; j < out.sizes[1]; ++j)
      out.aligned[out.offset + t * out.strides[0] + j * out.strides[1]] =
          table.aligned[table.offset + id * table.strides[0] +
                        j * table.strides[1]] *
          scale;
  }
}

extern "C" __attribute__((visibility("default"))) void
mxa_test_add_bias(void **args) {
  auto &x = *static_cast<Memref<float, 2> *>(args[2]);
  auto &bias = *static_cast<Memref<float, 1> *>(args[3]);
  auto &out = *static_cast<Memref<float, 2> *>(args[4]);
  int64_t hasBias = *static_cast<int64_t *>(args[5]);
  int64_t begin, end;
  share(out.sizes[0], args, begin, end);
  for (int64_t r = begin; r < end; ++r)
    for (int64_t j = 0; j < out.sizes[1]; ++j) {
      float v = x.aligned[x.offset + r * x.strides[0] + j * x.strides[1]];
      if (hasBias)
        v += bias.aligned[bias.offset + j * bias.strides[0]];
      out.aligned[out.offset + r * out.strides[0] + j * out.strides[1]] = v;
    }
}
