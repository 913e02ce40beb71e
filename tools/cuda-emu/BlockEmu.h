// A CPU emulator for the CUDA block kernels (lowering/kernels/block/), so that
// they can be checked without a GPU. `moe-gpu-blocks-to-cpu` turns each block
// version into `@mxemu_<name>(wg, nwg, args...)`, the code of one thread of
// block `wg`, whose thread id, barriers and shuffles are calls to the
// functions defined here. `blockemu::run` runs the N threads of one block as
// fibers (ucontext) on the calling OS thread and switches between them only
// at those calls, round robin, so the run is deterministic:
//
// - `gpu.barrier` releases when all N threads of the block have reached it.
//   A thread that finishes while others wait at a barrier, or threads that
//   wait on each other forever, are reported as a deadlock (a divergent
//   barrier or shuffle on a GPU): the test stops with an error naming the
//   kernel and block.
// - `gpu.shuffle` exchanges values within a warp (32 consecutive threads)
//   once all 32 lanes have reached it, with PTX `shfl.sync` semantics for a
//   full warp (width 32; an out-of-range source gives the lane its own
//   value and valid = false). A shuffle in a block whose size is not a
//   multiple of 32, or with another width, is an error.
// - `nvvm.mma.sync` (bf16 m16n8k16, row x col, f32 accumulators;
//   `mxemu_mma_bf16_m16n8k16`) waits for the 32 lanes of the warp like a
//   shuffle, then computes D = A B + C from the lanes' fragments in PTX's
//   layout (lane = 4 g + t: A registers r hold row g + 8 (r mod 2), columns
//   2t + 8 (r / 2) + {0, 1}; B registers r hold rows 2t + 8r + {0, 1} of
//   column g; C and D element i is row g + 8 (i / 2), column 2t + i mod 2),
//   the products summed exactly (in double) and rounded once to f32. Lanes
//   of one warp at different warp-wide calls (a shuffle, an mma) are an
//   error.
// - Workgroup memory is a global per attribution (one block runs at a time)
//   and is not cleared between blocks, as on a GPU.
// - Race check of workgroup memory (`mxemu_shared_access`, before every
//   access): two accesses to one element by different threads, at least one
//   a write (and not both atomic), conflict unless a barrier separates them,
//   or, in one warp, a shuffle (shfl.sync). A read of an element no thread
//   of this block has written is an error too (shared memory starts
//   undefined). Either stops the test naming the kernel, block, buffer,
//   element and threads.
// - Race check of global stores (`mxemu_global_store`, before every store or
//   atomic to a kernel argument): one element written twice in one launch
//   (`beginLaunch`) by different blocks, or by different threads of a block
//   with no barrier (or, in a warp, shuffle) between, is an error (unless
//   both are atomics).
//
// Include this header in exactly one translation unit of an executable
// linked with -rdynamic (the kernels' shared object resolves the mxemu_*
// symbols against it).

#pragma once

#include <ucontext.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace blockemu {

struct Warp {
  uint32_t in[32], out[32];
  int arrived = 0;
  uint64_t generation = 0;
  int kind = 0; // what the lanes that arrived wait at: 1 shuffle, 2 mma
  uint32_t mmaIn[32][10];
  float mmaOut[32][4];
};

// One access, for the race check: the thread, and the block's barrier and
// its warp's shuffle generations at the time.
struct Access {
  int thread = -1;
  uint64_t barrier = 0, shuffle = 0;
  bool atomic = false;
};
struct Cell {
  Access write;               // the last write (thread -1: none yet)
  std::vector<Access> reads;  // reads since it, in its barrier interval or later
};

struct Block {
  static constexpr size_t kStack = 256 * 1024;
  std::string kernel;
  int64_t wg = 0;
  int n = 0;
  std::vector<std::unique_ptr<char[]>> stacks;
  std::vector<ucontext_t> fibers;
  std::vector<char> done;
  ucontext_t scheduler;
  int current = -1;
  const std::function<void()> *body = nullptr;
  int arrived = 0;
  uint64_t generation = 0;
  std::vector<Warp> warps;
  bool progress = false;
  std::unordered_map<uint64_t, Cell> shared; // (buffer << 40) | element
  struct GlobalWrite {
    int64_t block;
    Access access;
  };
  std::unordered_map<uintptr_t, GlobalWrite> globalWrites; // this launch's, by address

  [[noreturn]] void fail(const std::string &why) {
    std::fprintf(stderr, "block emulator: %s block %lld: %s\n", kernel.c_str(), (long long)wg,
                 why.c_str());
    // Possibly on a fiber's stack, which static destructors would free: no exit handlers.
    std::fflush(stdout);
    std::fflush(stderr);
    std::_Exit(3);
  }
  void yield() { swapcontext(&fibers[current], &scheduler); }
};

inline Block &block() {
  static Block b;
  return b;
}

inline void fiberMain() {
  Block &b = block();
  (*b.body)();
  b.done[b.current] = 1;
  b.progress = true;
  // Returning resumes the scheduler (uc_link).
}

/// The calling thread's access now, for the race checks.
inline Access currentAccess(bool atomic) {
  Block &b = block();
  Access a;
  a.thread = b.current;
  a.barrier = b.generation;
  a.shuffle = b.warps[b.current / 32].generation;
  a.atomic = atomic;
  return a;
}

/// Whether access `a` of this block happens before `me` (same thread, or a
/// barrier between them, or a shuffle between them in one warp); an empty `a`
/// (thread -1) does too.
inline bool ordered(const Access &a, const Access &me) {
  return a.thread < 0 || a.thread == me.thread || a.barrier != me.barrier ||
         (a.thread / 32 == me.thread / 32 && a.shuffle != me.shuffle);
}

/// Starts a launch: global stores of earlier launches are ordered with its.
inline void beginLaunch() { block().globalWrites.clear(); }

/// Runs `body` (one call of a @mxemu_ kernel) as the `n` threads of block `wg`.
inline void run(const std::string &kernel, int64_t wg, int64_t n, const std::function<void()> &body) {
  Block &b = block();
  b.kernel = kernel;
  b.wg = wg;
  if (n < 1 || n > 1024) b.fail("block size " + std::to_string(n) + ", expected 1..1024");
  b.n = static_cast<int>(n);
  while (b.stacks.size() < static_cast<size_t>(n)) b.stacks.emplace_back(new char[Block::kStack]);
  b.fibers.assign(n, ucontext_t{});
  b.done.assign(n, 0);
  b.warps.assign((n + 31) / 32, Warp{});
  b.arrived = 0;
  b.shared.clear();
  b.body = &body;
  for (int i = 0; i < n; ++i) {
    getcontext(&b.fibers[i]);
    b.fibers[i].uc_stack.ss_sp = b.stacks[i].get();
    b.fibers[i].uc_stack.ss_size = Block::kStack;
    b.fibers[i].uc_link = &b.scheduler;
    makecontext(&b.fibers[i], fiberMain, 0);
  }
  int live = b.n;
  while (live > 0) {
    b.progress = false;
    for (int i = 0; i < b.n; ++i) {
      if (b.done[i]) continue;
      b.current = i;
      swapcontext(&b.scheduler, &b.fibers[i]);
      if (b.done[i]) --live;
    }
    if (live > 0 && !b.progress) {
      int atBarrier = b.arrived;
      b.fail(std::to_string(b.n - live) + " of " + std::to_string(b.n) + " threads finished, " +
             std::to_string(atBarrier) + " wait at a barrier, the others at shuffles: deadlock "
             "(a divergent barrier or shuffle)");
    }
  }
  b.current = -1;
}

} // namespace blockemu

extern "C" {

int64_t mxemu_thread_id() { return blockemu::block().current; }

void mxemu_barrier() {
  blockemu::Block &b = blockemu::block();
  uint64_t generation = b.generation;
  b.progress = true;
  if (++b.arrived == b.n) {
    b.arrived = 0;
    ++b.generation;
    return;
  }
  while (b.generation == generation) b.yield();
}

// The source lane of a full-warp shuffle (PTX shfl.sync with c = 31, or 0
// for up), or -1 when out of range.
static int mxemuSource(int lane, int32_t offset, int32_t width, int32_t mode) {
  blockemu::Block &b = blockemu::block();
  if (width != 32) b.fail("shuffle of width " + std::to_string(width) + ", expected 32");
  int src = mode == 0 ? (lane ^ offset) : mode == 1 ? lane + offset : mode == 2 ? lane - offset : offset;
  return src >= 0 && src < 32 ? src : -1;
}

// Waits until the 32 lanes of the calling thread's warp have arrived at a
// warp-wide call of `kind` (1 shuffle, 2 mma); the last to arrive runs
// `last` first. Returns the lane.
static int mxemuWarpSync(int kind, const char *what, void (*last)(blockemu::Warp &)) {
  blockemu::Block &b = blockemu::block();
  if (b.n % 32 != 0)
    b.fail(std::string(what) + " in a block of " + std::to_string(b.n) + " threads, expected a multiple of 32");
  int lane = b.current % 32;
  blockemu::Warp &w = b.warps[b.current / 32];
  if (w.arrived == 0) w.kind = kind;
  else if (w.kind != kind)
    b.fail("lanes of warp " + std::to_string(b.current / 32) + " wait at different warp-wide calls (a shuffle "
           "and an mma): divergence");
  uint64_t generation = w.generation;
  b.progress = true;
  if (++w.arrived == 32) {
    w.arrived = 0;
    last(w);
    ++w.generation;
  } else {
    while (w.generation == generation) b.yield();
  }
  return lane;
}

static uint32_t mxemuShuffle(uint32_t value, int32_t offset, int32_t width, int32_t mode) {
  blockemu::Block &b = blockemu::block();
  blockemu::Warp &w = b.warps[b.current / 32];
  w.in[b.current % 32] = value;
  int lane = mxemuWarpSync(1, "shuffle", [](blockemu::Warp &w) { std::memcpy(w.out, w.in, sizeof w.in); });
  int src = mxemuSource(lane, offset, width, mode);
  return src < 0 ? value : w.out[src];
}

float mxemu_shuffle_f32(float value, int32_t offset, int32_t width, int32_t mode) {
  uint32_t bits;
  std::memcpy(&bits, &value, 4);
  bits = mxemuShuffle(bits, offset, width, mode);
  std::memcpy(&value, &bits, 4);
  return value;
}

int32_t mxemu_shuffle_i32(int32_t value, int32_t offset, int32_t width, int32_t mode) {
  return static_cast<int32_t>(mxemuShuffle(static_cast<uint32_t>(value), offset, width, mode));
}

void mxemu_shared_access(int32_t buffer, int64_t first, int64_t count, int32_t kind) {
  blockemu::Block &b = blockemu::block();
  blockemu::Access me = blockemu::currentAccess(kind == 2);
  auto ordered = [&](const blockemu::Access &a) { return blockemu::ordered(a, me); };
  for (int64_t e = first; e < first + count; ++e) {
    blockemu::Cell &c = b.shared[(static_cast<uint64_t>(buffer) << 40) | static_cast<uint64_t>(e)];
    auto race = [&](const blockemu::Access &other, const char *what) {
      b.fail("workgroup buffer " + std::to_string(buffer) + " element " + std::to_string(e) +
             ": thread " + std::to_string(me.thread) + (kind == 0 ? " reads" : " writes") +
             " it and thread " + std::to_string(other.thread) + " " + what +
             " it with no barrier (or, in one warp, shuffle) between: a data race");
    };
    if (kind == 0) {
      if (c.write.thread < 0)
        b.fail("workgroup buffer " + std::to_string(buffer) + " element " + std::to_string(e) +
               ": thread " + std::to_string(me.thread) +
               " reads it before any thread of this block wrote it (undefined on a GPU)");
      if (!ordered(c.write)) race(c.write, "writes");
      // Reads from before the last barrier are ordered with all that follows.
      if (!c.reads.empty() && c.reads.back().barrier != me.barrier) c.reads.clear();
      bool seen = false;
      for (const blockemu::Access &r : c.reads)
        seen = seen || (r.thread == me.thread && r.shuffle == me.shuffle);
      if (!seen) c.reads.push_back(me);
      continue;
    }
    if (!ordered(c.write) && !(me.atomic && c.write.atomic)) race(c.write, "writes");
    for (const blockemu::Access &r : c.reads)
      if (!ordered(r)) race(r, "reads");
    c.write = me;
    c.reads.clear();
  }
}

void mxemu_global_store(int32_t argument, int64_t pointer, int64_t element, int64_t bytes,
                        int32_t atomic) {
  blockemu::Block &b = blockemu::block();
  blockemu::Access me = blockemu::currentAccess(atomic != 0);
  uintptr_t address = static_cast<uintptr_t>(pointer + element * bytes);
  auto [it, fresh] = b.globalWrites.try_emplace(address, blockemu::Block::GlobalWrite{b.wg, me});
  if (fresh) return;
  const blockemu::Block::GlobalWrite &prev = it->second;
  bool ordered = prev.block == b.wg && blockemu::ordered(prev.access, me);
  if (!ordered && !(me.atomic && prev.access.atomic))
    b.fail("kernel argument " + std::to_string(argument) + " (after wg, nwg) element " + std::to_string(element) +
           ": thread " + std::to_string(me.thread) + " writes it and block " +
           std::to_string(prev.block) + " thread " + std::to_string(prev.access.thread) +
           " wrote it in the same launch" +
           (prev.block == b.wg ? " with no barrier (or, in one warp, shuffle) between" : "") +
           ": a data race");
  it->second = blockemu::Block::GlobalWrite{b.wg, me};
}

// nvvm.mma.sync m16n8k16, bf16 A (row) and B (col), f32 C and D: this
// lane's fragments in, its four results out through the memref `d`
// (expanded: allocated, aligned, offset, size, stride).
void mxemu_mma_bf16_m16n8k16(int32_t a0, int32_t a1, int32_t a2, int32_t a3, int32_t b0, int32_t b1, float c0,
                             float c1, float c2, float c3, float *, float *d, int64_t offset, int64_t,
                             int64_t stride) {
  blockemu::Block &b = blockemu::block();
  blockemu::Warp &w = b.warps[b.current / 32];
  uint32_t *in = w.mmaIn[b.current % 32];
  const int32_t regs[6] = {a0, a1, a2, a3, b0, b1};
  for (int i = 0; i < 6; ++i) in[i] = static_cast<uint32_t>(regs[i]);
  const float cs[4] = {c0, c1, c2, c3};
  for (int i = 0; i < 4; ++i) std::memcpy(&in[6 + i], &cs[i], 4);
  int lane = mxemuWarpSync(2, "mma.sync", [](blockemu::Warp &w) {
    auto bf16 = [](uint32_t reg, int half) {
      uint32_t bits = (half ? reg >> 16 : reg & 0xffffu) << 16;
      float f;
      std::memcpy(&f, &bits, 4);
      return static_cast<double>(f);
    };
    double A[16][16], B[16][8], C[16][8];
    for (int l = 0; l < 32; ++l) {
      int g = l / 4, t = l % 4;
      for (int r = 0; r < 4; ++r)
        for (int j = 0; j < 2; ++j) A[g + 8 * (r % 2)][2 * t + 8 * (r / 2) + j] = bf16(w.mmaIn[l][r], j);
      for (int r = 0; r < 2; ++r)
        for (int j = 0; j < 2; ++j) B[2 * t + 8 * r + j][g] = bf16(w.mmaIn[l][4 + r], j);
      for (int i = 0; i < 4; ++i) {
        float c;
        std::memcpy(&c, &w.mmaIn[l][6 + i], 4);
        C[g + 8 * (i / 2)][2 * t + i % 2] = c;
      }
    }
    for (int l = 0; l < 32; ++l) {
      int g = l / 4, t = l % 4;
      for (int i = 0; i < 4; ++i) {
        int row = g + 8 * (i / 2), col = 2 * t + i % 2;
        double sum = C[row][col];
        for (int k = 0; k < 16; ++k) sum += A[row][k] * B[k][col];
        w.mmaOut[l][i] = static_cast<float>(sum);
      }
    }
  });
  for (int i = 0; i < 4; ++i) d[offset + i * stride] = w.mmaOut[lane][i];
}

bool mxemu_shuffle_valid(int32_t offset, int32_t width, int32_t mode) {
  return mxemuSource(blockemu::block().current % 32, offset, width, mode) >= 0;
}

} // extern "C"
