//===- Passes.td - Lowering passes of moe-mlir -------------*- tablegen -*-===//
//
// From the `moe` graph to a compiled schedule: `moe-lower-to-kernels` turns
// the tensor graph into kernel launches on buffers, `moe-plan-buffers`
// places the buffers in one arena by liveness. `moe-opt ... -o model.mxa`
// runs both, then compiles the kernels and writes the artifact.
//
//===----------------------------------------------------------------------===//

#ifndef MOE_LOWERING_PASSES_TD
#define MOE_LOWERING_PASSES_TD

include "mlir/Pass/PassBase.td"

def MoELowerToKernels : Pass<"moe-lower-to-kernels", "ModuleOp"> {
  let summary = "Lowers the `moe` graph to kernel launches on memref buffers";
  let description = [{
    Replaces `func.func @forward` (tensors of the `moe` dialect) by the entry
    points `@prefill` and `@decode`: functions over memrefs whose body is a
    static schedule of `moe.launch` ops running the CPU kernels of
    `lowering/kernels/` (cloned into the module, marked `moe.kernel`) on
    buffers (`memref.alloc`, sized by the dynamic token count), views
    (`memref.reinterpret_cast`), weights, KV caches and constant tables
    (`memref.global`, e.g. RoPE inverse frequencies).

    Entry-point arguments carry what the runtime binds: `moe.input` (0
    tokens, 1 positions, 2 cache slots), `moe.output` (0 logits), `moe.param`
    (weight, with `moe.transforms` and `moe.view_shape` when the kernel wants
    another layout than the checkpoint's, e.g. `[in, out]` expert matrices
    transposed, gpt-oss's interleaved gate/up split), `moe.cache` (KV cache
    `k.<layer>` / `v.<layer>`, `[slots, context, heads, dim]`). Every tensor
    is f32 at this level (the runtime converts weights when binding).
  }];
  let dependentDialects = [
    "::mlir::moe::MoEDialect", "::mlir::func::FuncDialect",
    "::mlir::memref::MemRefDialect", "::mlir::arith::ArithDialect",
    "::mlir::scf::SCFDialect", "::mlir::math::MathDialect",
    "::mlir::vector::VectorDialect"
  ];
  let options = [
    Option<"prefillMaxTokens", "prefill-max-tokens", "int64_t",
           /*default=*/"256",
           "Largest number of tokens one `prefill` call takes">,
    Option<"decodeMaxTokens", "decode-max-tokens", "int64_t",
           /*default=*/"64",
           "Largest number of tokens (sequences) one `decode` call takes">
  ];
}

def MoELowerTrainStep : Pass<"moe-lower-train-step", "ModuleOp"> {
  let summary = "Lowers the `moe` graph to a training step of kernel launches";
  let description = [{
    Replaces `func.func @forward` by the entry point `@train_step`: the
    forward pass with every activation a backward rule needs kept in its own
    buffer, the next-token cross entropy (mean over the tokens whose label is
    not negative), the backward pass (one reverse-mode rule per `moe` op,
    emitted in reverse order; the router is differentiated through its
    combine weights, not through the discrete top-k selection), and an AdamW
    step of every parameter (torch.optim.AdamW's update).

    Arguments: `moe.input` 0 tokens, 1 positions, 2 sequences, 3 labels, 4
    the optimiser step (i64 [1]); `moe.output` 0 logits, 1 per-token loss;
    `moe.batch_shape` (S sequences x C tokens; T = S * C); `moe.param` per
    parameter (its checkpoint layout: the optimiser updates it in place) and
    `moe.state` for its gradient `grad.<param>` and moments `adam_m.<param>`,
    `adam_v.<param>`.

    Ops without a backward rule yet (layer norm, absorbed MLA, fused or
    biased experts, clamped SwiGLU, clip_qkv, temperature tuning, expert
    parallelism) are errors.
  }];
  let dependentDialects = [
    "::mlir::moe::MoEDialect", "::mlir::func::FuncDialect",
    "::mlir::memref::MemRefDialect", "::mlir::arith::ArithDialect",
    "::mlir::scf::SCFDialect", "::mlir::math::MathDialect",
    "::mlir::vector::VectorDialect"
  ];
  let options = [
    Option<"maxTokens", "max-tokens", "int64_t", /*default=*/"1024",
           "Largest batch (sequences x sequence length) one step takes">,
    Option<"lr", "lr", "double", /*default=*/"1e-3", "AdamW learning rate">,
    Option<"beta1", "beta1", "double", /*default=*/"0.9", "AdamW beta1">,
    Option<"beta2", "beta2", "double", /*default=*/"0.999", "AdamW beta2">,
    Option<"eps", "eps", "double", /*default=*/"1e-8", "AdamW epsilon">,
    Option<"weightDecay", "weight-decay", "double", /*default=*/"0.01",
           "AdamW decoupled weight decay">
  ];
}

def MoEPlanBuffers : Pass<"moe-plan-buffers", "ModuleOp"> {
  let summary = "Places the buffers of each entry point in one arena by liveness";
  let description = [{
    For every entry point (`moe.entry`) sizes each `memref.alloc` at the
    function's `moe.max_tokens`, computes its live range over the launches
    that use it (through its views), and packs the buffers greedily (largest
    first, lowest offset that no buffer with an overlapping live range uses,
    64-byte aligned). Each alloc becomes a `memref.view` of a new trailing
    `memref<?xi8>` argument marked `moe.arena`; the function gets
    `moe.arena_bytes`.
  }];
  let dependentDialects = [
    "::mlir::memref::MemRefDialect", "::mlir::arith::ArithDialect"
  ];
}

def MoEWeightsToBF16 : Pass<"moe-weights-to-bf16", "ModuleOp"> {
  let summary = "Stores the weights of the GEMMs and embeddings as bf16";
  let description = [{
    Halves the bytes of an inference artifact's weights (and of the weight
    traffic of decode, which is bound by it). In every entry point
    (`moe.entry`, after `moe-lower-to-kernels`), a weight argument
    (`moe.param`) becomes `bf16` when every use of it, directly or through
    `memref.reinterpret_cast` / `memref.cast` views, is the weight operand of
    a kernel with a bf16-weight variant:

    | kernel | operand | variant |
    |---|---|---|
    | `matmul_nt` | `w` | `matmul_nt_wbf16` |
    | `grouped_matmul_nt` | `w` | `grouped_matmul_nt_wbf16` |
    | `embedding` | `table` | `embedding_wbf16` |

    Those launches then run the variant, which reads the weight as bf16 and
    computes in f32 exactly as the f32 kernel does, so the result is the f32
    model's with its weights rounded to bf16 (round to nearest even, done by
    the runtime when it binds them). Router gates stay f32 (a `matmul_nt`
    whose output a `router` or `route_dispatch` launch reads: bf16 logits
    would move tokens between experts with close scores), and so do weights
    with other uses: norms, biases, MLA's absorbed per-head matrices
    (`head_matmul`), and every parameter of a training step (AdamW updates
    it in f32). Kernels no launch uses any more are removed.
  }];
  let dependentDialects = [
    "::mlir::moe::MoEDialect", "::mlir::func::FuncDialect",
    "::mlir::memref::MemRefDialect", "::mlir::arith::ArithDialect",
    "::mlir::scf::SCFDialect", "::mlir::math::MathDialect",
    "::mlir::vector::VectorDialect"
  ];
}

def MoEExpertsToBF16 : Pass<"moe-experts-to-bf16", "ModuleOp"> {
  let summary = "Runs the routed experts' GEMMs on bf16 rows (SwiGLU fused)";
  let description = [{
    The precision of a tensor-core MoE layer (bf16 operands, f32
    accumulation), and the form the Hopper templates of
    lowering/kernels/gpu/ take. Runs after `moe-weights-to-bf16`; rewrites
    every routed-expert chain of bf16-weight launches

    ```mlir
    moe.launch @grouped_matmul_nt_wbf16(%x, %gate, .., %gu[:, :I], 0)
    moe.launch @grouped_matmul_nt_wbf16(%x, %up, .., %gu[:, I:], 0)
    moe.launch @swiglu(%gu, %act, 0, ..)           // not clamped
    moe.launch @grouped_matmul_nt_wbf16(%act, %down, .., %out, 0)
    ```

    (or one gate/up launch on a fused `[E, 2I, K]` weight, gate rows then
    up rows), with no biases, into

    ```mlir
    moe.launch @to_bf16(%x, %xb)                   // rows rounded once
    moe.launch @grouped_swiglu_nt_bf16(%xb, %gate, %up, %offsets, %actb)
    moe.launch @grouped_matmul_nt_bf16(%actb, %down, %offsets, %out)
    ```

    so the dispatched rows and the SwiGLU output are bf16 (round to nearest
    even) and the f32 `%gu` buffer disappears. Each f32 sum is that of the
    f32-activation kernels on the rounded values (the register tiles are
    shared), so the result equals the bf16-weight model with the experts'
    inputs and activations rounded to bf16. Experts with biases or the
    clamped SwiGLU (gpt-oss) keep their f32 rows. Kernels no launch uses
    any more are removed.

    Where the rows come straight from `route_dispatch` (its `rows` buffer
    read by nothing but the chain: no expert-parallel exchange between),
    `route_dispatch_bf16` writes them as bf16 instead and `to_bf16` goes
    (`round-in-dispatch`, default on): the same bits, without the f32 rows
    and the pass over them.
  }];
  let options = [
    Option<"roundInDispatch", "round-in-dispatch", "bool", /*default=*/"true",
           "Round the rows in route_dispatch (route_dispatch_bf16) where it "
           "writes them for the chain alone, instead of a to_bf16 launch">
  ];
  let dependentDialects = [
    "::mlir::moe::MoEDialect", "::mlir::func::FuncDialect",
    "::mlir::memref::MemRefDialect", "::mlir::arith::ArithDialect",
    "::mlir::scf::SCFDialect", "::mlir::math::MathDialect",
    "::mlir::vector::VectorDialect"
  ];
}

def MoEDenseToBF16 : Pass<"moe-dense-to-bf16", "ModuleOp"> {
  let summary = "Runs the bf16-weight dense GEMMs on bf16 rows";
  let description = [{
    Runs after `moe-weights-to-bf16`: every `matmul_nt_wbf16` launch (the
    projections, shared experts, dense MLPs and LM head on bf16 weights)
    gets its rows rounded to bf16 first and becomes `matmul_nt_bf16`:

    ```mlir
    moe.launch @to_bf16(%x, %xb)
    moe.launch @matmul_nt_bf16(%xb, %w, %bias, %out, %has_bias, %accumulate)
    ```

    bf16 operands with f32 accumulation, bias and result: the form cuBLASLt
    runs on tensor cores (on CUDA the runtime hands `matmul_nt_bf16` to
    cuBLASLt with bf16 inputs and f32 compute). On the CPU the kernel shares
    `matmul_nt`'s register tiles, so its result is bitwise
    `matmul_nt_wbf16`'s on the rounded rows. Router gates (f32 weights),
    `head_matmul` and the experts' grouped GEMMs are not touched (see
    `moe-experts-to-bf16` for those). Kernels no launch uses any more are
    removed.
  }];
  let dependentDialects = [
    "::mlir::moe::MoEDialect", "::mlir::func::FuncDialect",
    "::mlir::memref::MemRefDialect", "::mlir::arith::ArithDialect",
    "::mlir::scf::SCFDialect", "::mlir::math::MathDialect",
    "::mlir::vector::VectorDialect"
  ];
}

def MoEKVCacheToBF16 : Pass<"moe-kv-cache-to-bf16", "ModuleOp"> {
  let summary = "Stores the KV caches as bf16";
  let description = [{
    Halves the bytes of the KV caches, and the cache traffic of decode
    attention, which is bound by it at long contexts. In every entry point
    (`moe.entry`, after `moe-lower-to-kernels`) each cache argument
    (`moe.cache`: per-head `k.<layer>` / `v.<layer>`, MLA's latent
    `kv.<layer>`) becomes `bf16`, with its `memref.reinterpret_cast` /
    `memref.cast` views; the scratch of MLA's naive prefill (`scratch.*`,
    per-call products) stays f32. Every launch taking a cache switches to the
    bf16-storage variant of its kernel for those operands:

    | kernel | bf16 operands | variant |
    |---|---|---|
    | `kv_store` | `cache` | `kv_store_cbf16` |
    | `attention` | `kc`, `vc` | `attention_kvbf16` |

    A variant is its f32 kernel with those arguments stored as bf16 (the
    kernel library derives it: loads extended to f32, stores rounded to
    nearest even, as the `to_bf16` kernel rounds), so the model computes in
    f32 on K, V and latent rows rounded to bf16 as they are cached. On CUDA
    the block versions are derived the same way (`attention_tiled` too).
    `mla_expand` (the naive prefill of absorbed MLA) keeps reading f32 rows:
    `kv_load_cbf16` (`kv_load` with a bf16 cache) first widens the latent
    rows it expands into scratch shared by the entry's layers
    (`scratch.mla_kv.*`, per position like the per-head scratch), so that on
    CUDA its products stay on cuBLASLt:

    ```mlir
    moe.launch @kv_load_cbf16(%kv, %positions, %slots, %kv_f32)
    moe.launch @mla_expand(%kv_f32, %kv_b, %positions, %slots, %kx, %vx)
    ```

    A cache with another use, or a launch whose kernel has no variant for
    those operands, is an error. Kernels no launch uses any more are removed.
  }];
  let dependentDialects = [
    "::mlir::moe::MoEDialect", "::mlir::func::FuncDialect",
    "::mlir::memref::MemRefDialect", "::mlir::arith::ArithDialect",
    "::mlir::scf::SCFDialect", "::mlir::math::MathDialect",
    "::mlir::vector::VectorDialect"
  ];
}

def MoEAttentionTensorCores : Pass<"moe-attention-tensor-cores", "ModuleOp"> {
  let summary = "Runs attention's CUDA tiles on tensor cores (bf16 mma.sync)";
  let description = [{
    Chooses the tensor-core block variant for every attention kernel of the
    module (`attention` and `attention_kvbf16`, inserted by
    `moe-lower-to-kernels` and `moe-kv-cache-to-bf16`): it sets their
    `moe.gpu_block_variant` attribute to `attention_tc` /
    `attention_tc_kvbf16` (lowering/kernels/block/attention_tc.mlir), which
    `moe-kernels-to-gpu` and the artifact then use instead of the default
    `attention_tiled`. On CUDA, launches with tiles of 16 or more query rows
    (prefill; decode with 16 or more query heads per KV head, such as
    absorbed MLA) compute their score and output products as bf16
    `mma.sync.m16n8k16` with f32 accumulation: q, K, V and the softmax
    weights rounded to bf16 (about 1e-3 relative to f32 attention). The CPU
    code is unchanged (f32), so CPU and CUDA results differ by that rounding.

    ```mlir
    func.func @attention(...) attributes {moe.gpu_block_variant = "attention_tc", moe.kernel}
    ```

    `moe-opt --mxa-cuda-attention=tc` runs it after the other lowering
    passes. A module without attention kernels is left as it is.
  }];
}

def MoEInsertKernels : Pass<"moe-insert-kernels", "ModuleOp"> {
  let summary = "Inserts library kernels into the module by name";
  let description = [{
    Clones the kernels named by `names` from the kernel library into the
    module as the lowering passes do when a launch needs one (`func.func`
    marked `moe.kernel`), derived variants included (e.g. the bf16-storage
    variants of `moe-kv-cache-to-bf16`, which have no source file): to read
    the IR of any library kernel, and for the kernel tests, which build them
    with the source files (test/kernels/build_kernels_so.sh). A kernel the
    module already holds is left as it is; an unknown name is an error.
  }];
  let options = [
    ListOption<"names", "names", "std::string",
               "The kernels to insert (e.g. attention_kvbf16)">
  ];
  let dependentDialects = [
    "::mlir::func::FuncDialect", "::mlir::memref::MemRefDialect",
    "::mlir::arith::ArithDialect", "::mlir::scf::SCFDialect",
    "::mlir::math::MathDialect", "::mlir::vector::VectorDialect"
  ];
}

def MoEKernelsToGPU : Pass<"moe-kernels-to-gpu", "ModuleOp"> {
  let summary = "Wraps the kernels (`moe.kernel` functions) in a `gpu.module` "
                "with one `gpu.func` entry each";
  let description = [{
    The CUDA side of "one kernel IR, two targets". Every `func.func` marked
    `moe.kernel` (the ABI of lowering/kernels/README.md: `(%wg: index, %nwg:
    index, args...)`) is cloned, private, into `gpu.module @mxa_kernels`, next
    to a kernel entry `gpu.func @mxg_<name>(%nwg: index, args...)` that runs
    workgroup `wg = block_id.x * block_dim.x + thread_id.x` when `wg < nwg`.
    A kernel's workgroups are thus GPU threads: the runtime launches at least
    `nwg` threads (1-D grid) with `nwg` = the launch's `items`, so each thread
    does one work item. The module gets `gpu.container_module`; the original
    functions stay (the CPU code is made from them).

    A kernel with a CUDA block version (`lowering/kernels/block/<name>.mlir`:
    `gpu.func @mxg_<name>(%nwg: index, args...) kernel` with
    `known_block_size = array<i32: N, 1, 1>`, the kernel's own arguments) gets
    that instead, unless `block-kernels=false`: the runtime then launches
    `nwg` blocks of N threads (`Kernel.gpu_block_threads` in the artifact),
    one work item per block. A kernel with a block variant (today
    `attention`: `attention_tiled`, the tiled version for many query rows per
    KV row, or `attention_tc`, the same tiles on tensor cores, where
    `moe-attention-tensor-cores` chose it) also gets the variant's `gpu.func
    @mxg_<variant>`, which must take the same arguments; the artifact names
    it (`Kernel.gpu_variant_symbol`) and the runtime picks one of the two per
    launch. With `all-variants` every block variant of the kernel comes
    (the block emulator's tests run them all).

    The upstream NVVM pipeline then lowers the `gpu.module` (`lowering/
    kernels/pipeline-nvvm.txt`, then `gpu-module-to-binary`); after it each
    memref argument of a `mxg_` entry is passed as its expanded descriptor
    (allocated pointer, aligned pointer, offset, sizes, strides) and each
    `index` as an i64.

    With `sm90-templates` (set by `moe-kernels-to-ptx` for chip sm_90a), a
    kernel with a Hopper template (`lowering/kernels/gpu/`: today
    `grouped_matmul_nt_bf16` and `grouped_swiglu_nt_bf16`, the kernels of
    `moe-experts-to-bf16`) also gets the template's `gpu.func` (and its
    shared-memory window) in `@mxa_kernels`, beside its own entry. The
    template has its own launch ABI (tensor maps, a persistent grid; its
    header comment); the runtime uses it when a launch meets its shape
    assumptions, else the kernel's entry.
  }];
  let options = [
    Option<"blockKernels", "block-kernels", "bool", /*default=*/"true",
           "Use the kernels' CUDA block versions where the library has one">,
    Option<"sm90Templates", "sm90-templates", "bool", /*default=*/"false",
           "Also add the kernels' sm_90a templates (TMA + wgmma)">,
    Option<"allVariants", "all-variants", "bool", /*default=*/"false",
           "Add every block variant of each kernel, not only the one it "
           "uses (tests)">
  ];
  // The block versions and templates are parsed during the pass: their
  // dialects must be loaded before it runs.
  let dependentDialects = [
    "::mlir::gpu::GPUDialect", "::mlir::func::FuncDialect",
    "::mlir::arith::ArithDialect", "::mlir::scf::SCFDialect",
    "::mlir::memref::MemRefDialect", "::mlir::vector::VectorDialect",
    "::mlir::nvgpu::NVGPUDialect", "::mlir::NVVM::NVVMDialect",
    "::mlir::LLVM::LLVMDialect"
  ];
}

def MoEGPUBlocksToCPU : Pass<"moe-gpu-blocks-to-cpu", "ModuleOp"> {
  let summary = "Turns the CUDA block versions in `gpu.module @mxa_kernels` "
                "into CPU functions run by a thread emulator (tests)";
  let description = [{
    A test tool: it lets the CPU check the CUDA block kernels
    (`lowering/kernels/block/`) without a GPU. Run after
    `moe-kernels-to-gpu`, it rewrites every block-version entry of
    `gpu.module @mxa_kernels` (a `gpu.func @mxg_<name>` kernel with
    `known_block_size = array<i32: N, 1, 1>`) into

    - `func.func @mxemu_<name>(%wg: index, %nwg: index, args...)` with
      `llvm.emit_c_interface`: the body of one GPU thread of block `%wg`
      of a grid of `%nwg` blocks (the CPU kernel ABI, so a test calls it
      where it calls the CPU kernel);
    - `func.func @mxemu_<name>_threads() -> i64` returning N.

    In the body, `gpu.block_id x` is `%wg`, `gpu.grid_dim x` is `%nwg`,
    `gpu.block_dim x` is N (y and z: id 0, size 1), and the block's
    workgroup memory is one private `memref.global` per attribution
    (the emulator runs one block at a time); private attributions become
    `memref.alloca`. What needs the other threads becomes a call into the
    emulator (test/kernels/BlockEmu.h, which runs the N threads of a block
    as fibers and switches at these calls):
    `gpu.thread_id x` -> `@mxemu_thread_id() -> index`,
    `gpu.barrier` -> `@mxemu_barrier()`,
    `gpu.shuffle <mode>` of f32 / i32 -> `@mxemu_shuffle_f32|i32(value,
    offset, width, mode)` and, for its `valid` result,
    `@mxemu_shuffle_valid(offset, width, mode) -> i1` (mode: 0 xor, 1 down,
    2 up, 3 idx, as `gpu::ShuffleMode`); `nvvm.mma.sync` (bf16 m16n8k16,
    row x col, f32 accumulators; its result read by `llvm.extractvalue`) ->
    `@mxemu_mma_bf16_m16n8k16(a0, a1, a2, a3, b0, b1, c0, c1, c2, c3, d)`,
    a warp-wide call like a shuffle that leaves this lane's four results in
    `d` (a `memref<4xf32>` allocated at the function's entry); and before each load, store or
    atomic of workgroup memory, `@mxemu_shared_access(buffer, first element,
    element count, kind)` (kind 0 read, 1 write, 2 atomic) for the
    emulator's race check; other uses of workgroup memory (views) are an
    error; before each store or atomic to a memref argument (global
    memory), `@mxemu_global_store(argument, aligned pointer, element,
    element bytes, atomic)` (argument 0: the first after wg and nwg). Memory spaces are dropped from every memref type. Atomics stay `memref.atomic_rmw` (one OS thread runs
    all fibers).

    Every kernel entry `@mxg_<name>` (a block version or not) also gets
    `memref.global constant @mxemu_<name>_signature : memref<Kxi8>`, its
    parameters after `%nwg` as a NUL-terminated string, one character each:
    a memref's rank ('0'..'9'), 'i' (i64) or 'f' (f32). The CUDA driver
    emulator (tools/cuda-emu: a `libcuda.so.1` that runs `moe-run --device
    cuda` on the CPU) regroups cuLaunchKernel's expanded parameters with it
    and runs `@mxemu_<name>` per block, or the CPU kernel `@<name>` per
    work item for an entry that is not a block version.

    The `gpu.module` is then erased with everything else in it (generic
    one-thread-per-workgroup entries and private kernel clones, which are
    the CPU kernels themselves, and sm_90a templates). Any other `gpu`,
    `nvvm`, `nvgpu` or `llvm` op in a block version is an error naming it.
  }];
  let dependentDialects = [
    "::mlir::func::FuncDialect", "::mlir::memref::MemRefDialect",
    "::mlir::arith::ArithDialect"
  ];
}

#endif // MOE_LOWERING_PASSES_TD
