// Runs one emulated block kernel of test/kernels/Inputs/block-emu-errors.mlir:
//   block_emu_test LIB.so NAME [BLOCKS]
// launches @mxemu_NAME(wg, nwg = BLOCKS (default 1), out) as BLOCKS blocks under
// tools/cuda-emu/BlockEmu.h and prints "NAME: ok"; the emulator reports a race, an uninitialized
// read or a deadlock and exits 3.
#include "tools/cuda-emu/BlockEmu.h"

#include <dlfcn.h>

struct Desc1 {
  float *allocated, *aligned;
  int64_t offset, size, stride;
};

int main(int argc, char **argv) {
  if (argc != 3 && argc != 4) {
    std::fprintf(stderr, "usage: %s LIB.so NAME [BLOCKS]\n", argv[0]);
    return 2;
  }
  // A failed bounds check (generate-runtime-verification) prints to stdout, then aborts.
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  void *lib = dlopen(argv[1], RTLD_NOW);
  if (!lib) {
    std::fprintf(stderr, "dlopen: %s\n", dlerror());
    return 2;
  }
  std::string name = argv[2];
  auto fn = reinterpret_cast<void (*)(int64_t, int64_t, Desc1 *)>(
      dlsym(lib, ("_mlir_ciface_mxemu_" + name).c_str()));
  auto threads = reinterpret_cast<int64_t (*)()>(dlsym(lib, ("mxemu_" + name + "_threads").c_str()));
  if (!fn || !threads) {
    std::fprintf(stderr, "no emulated kernel %s\n", name.c_str());
    return 2;
  }
  std::vector<float> out(1024, 0.f);
  Desc1 d{out.data(), out.data(), 0, 1024, 1};
  int64_t blocks = argc == 4 ? std::atoll(argv[3]) : 1;
  blockemu::beginLaunch();
  for (int64_t wg = 0; wg < blocks; ++wg)
    blockemu::run(name, wg, threads(), [&] { fn(wg, blocks, &d); });
  std::printf("%s: ok\n", name.c_str());
  return 0;
}
