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
//   mxa_test_cache_write(wg, nwg, ids I64_1[T], pos I64_1[T], slots I64_1[T],
//   cache F3[S,C,2])
//     cache[slots[t]][pos[t]] = {ids[t], 1}
//   mxa_test_cache_mix(wg, nwg, pos I64_1[T], slots I64_1[T], cache F3[S,C,2],
//   out F2[T,N])
//     h = sum over p <= pos[t] of (cache[slot][p][0] + 1) * (p + 1) *
//     cache[slot][p][1]; out[t][j] += 0.05 * ((h * (j + 3)) % 11) / 11
// The last two make the logits depend on each sequence's history (its slot,
// its positions), like attention, by less than 0.05, so that greedy decoding
// is unchanged but sampling and --dump-logits see a mixed-up slot or position.
// All split their rows evenly over the nwg workgroups.
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

extern "C" __attribute__((visibility("default"))) void
mxa_test_cache_write(void **args) {
  auto &ids = *static_cast<Memref<int64_t, 1> *>(args[2]);
  auto &pos = *static_cast<Memref<int64_t, 1> *>(args[3]);
  auto &slots = *static_cast<Memref<int64_t, 1> *>(args[4]);
  auto &cache = *static_cast<Memref<float, 3> *>(args[5]);
  int64_t begin, end;
  share(ids.sizes[0], args, begin, end);
  for (int64_t t = begin; t < end; ++t) {
    float *entry =
        cache.aligned + cache.offset +
        slots.aligned[slots.offset + t * slots.strides[0]] * cache.strides[0] +
        pos.aligned[pos.offset + t * pos.strides[0]] * cache.strides[1];
    entry[0] = static_cast<float>(ids.aligned[ids.offset + t * ids.strides[0]]);
    entry[cache.strides[2]] = 1.0f;
  }
}

extern "C" __attribute__((visibility("default"))) void
mxa_test_cache_mix(void **args) {
  auto &pos = *static_cast<Memref<int64_t, 1> *>(args[2]);
  auto &slots = *static_cast<Memref<int64_t, 1> *>(args[3]);
  auto &cache = *static_cast<Memref<float, 3> *>(args[4]);
  auto &out = *static_cast<Memref<float, 2> *>(args[5]);
  int64_t begin, end;
  share(out.sizes[0], args, begin, end);
  for (int64_t t = begin; t < end; ++t) {
    const float *row =
        cache.aligned + cache.offset +
        slots.aligned[slots.offset + t * slots.strides[0]] * cache.strides[0];
    int64_t last = pos.aligned[pos.offset + t * pos.strides[0]], h = 0;
    for (int64_t p = 0; p <= last; ++p) {
      const float *entry = row + p * cache.strides[1];
      h += (static_cast<int64_t>(entry[0]) + 1) * (p + 1) *
           static_cast<int64_t>(entry[cache.strides[2]]);
    }
    for (int64_t j = 0; j < out.sizes[1]; ++j)
      out.aligned[out.offset + t * out.strides[0] + j * out.strides[1]] +=
          0.05f * static_cast<float>((h * (j + 3)) % 11) / 11.0f;
  }
}
