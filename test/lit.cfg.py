# -*- Python -*-
# lit configuration of the moe-mlir regression tests.

import os
import platform

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "MOE"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["CMakeLists.txt", "README.md", "lit.cfg.py", "lit.site.cfg.py",
                   "Inputs", "golden"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.moe_obj_root, "test")

# Named captures must not leak between CHECK-LABEL blocks (StableHLO habit).
config.environment["FILECHECK_OPTS"] = "-enable-var-scope --allow-unused-prefixes=false"

llvm_config.use_default_substitutions()
config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%moe_lib_dir", config.moe_lib_dir))
config.substitutions.append(("%moe_src_root", config.moe_src_root))
config.substitutions.append(("%shared", config.moe_shared_dir))

llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
tool_dirs = [config.moe_tools_dir, config.llvm_tools_dir]
tools = ["moe-opt", "moe-interp", "moe-run", "moe-runtime-test", "moe-nccl-emu-test"]
llvm_config.add_tool_substitutions(tools, tool_dirs)

# Host code checks of x86 extensions (test/runtime/cpu-features.test).
if platform.machine() == "x86_64":
    config.available_features.add("x86_64")

# Multi-rank tests (expert parallelism) run on CPU under OpenMPI's mpirun,
# as root in CI containers, more ranks than cores.
config.environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
config.environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
config.substitutions.append(("%mpirun", "mpirun --oversubscribe"))

# Sanitized builds (CMakePresets.json `asan`): tests that cap the address
# space (ulimit -v) cannot run under ASan, which reserves terabytes of shadow
# memory. A failed allocation returns null (so the runtime's out-of-memory
# errors are tested) instead of ASan aborting; leaks in OpenMPI and in the
# uninstrumented LLVM/MLIR libraries are not ours to report.
if "address" in getattr(config, "moe_sanitize", ""):
    config.available_features.add("asan")
    config.environment["ASAN_OPTIONS"] = ":".join([
        "allocator_may_return_null=1",
        "detect_leaks=1",
    ])
    config.environment["LSAN_OPTIONS"] = "suppressions=" + os.path.join(
        config.moe_src_root, "test", "lsan.supp")
    config.environment["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1"
    # Under mpirun, OpenMPI's components are dlclose()d before the leak check
    # runs, so their allocations cannot be attributed (or suppressed): leak
    # checking is off for multi-rank runs only; every other check stays on.
    config.substitutions = [
        (k, v.replace("mpirun", "env ASAN_OPTIONS=%s:detect_leaks=0 mpirun"
                      % config.environment["ASAN_OPTIONS"].replace(
                          ":detect_leaks=1", "")))
        if k == "%mpirun" else (k, v) for (k, v) in config.substitutions]

# CUDA: `ptxas` (the toolkit's, where moe-opt --mxa-cuda-arch finds it)
# assembles the PTX of the NVVM lowering; `cuda-device` marks tests that run
# kernels on a GPU (none in CI: such tests report UNSUPPORTED there).
cuda_home = os.environ.get("CUDA_HOME", "/usr/local/cuda")
ptxas = os.path.join(cuda_home, "bin", "ptxas")
if os.access(ptxas, os.X_OK):
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", ptxas))
if os.path.exists("/dev/nvidia0") or os.environ.get("MOE_TEST_CUDA") == "1":
    config.available_features.add("cuda-device")

# The CUDA driver emulator (tools/cuda-emu): `%cuda_emu moe-run ... --device
# cuda` runs the CUDA backend on the CPU. Not under ASan, which cannot follow
# the emulator's fiber stacks (swapcontext).
cuda_emu_dir = os.path.join(config.moe_lib_dir, "cuda-emu")
if (os.path.exists(os.path.join(cuda_emu_dir, "libcuda.so.1"))
        and os.path.exists(os.path.join(cuda_emu_dir, "kernels.so"))
        and "asan" not in config.available_features):
    config.available_features.add("cuda-emu")
    # Its NCCL (libnccl.so.2 over MPI), built where MPI is.
    if os.path.exists(os.path.join(cuda_emu_dir, "libnccl.so.2")):
        config.available_features.add("nccl-emu")
config.substitutions.append(
    ("%cuda_emu", "env LD_LIBRARY_PATH=%s MOE_CUDA_EMU_KERNELS=" % cuda_emu_dir))
