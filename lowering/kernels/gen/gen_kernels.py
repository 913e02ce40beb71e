#!/usr/bin/env python3
"""Generates lowering/kernels/*.mlir (the CPU kernel library).

The .mlir files are the source of truth that the compiler reads; this script is how they were
written (the register-tiled matmuls and the attention fast/slow paths are repetitive). Edit here,
run `python3 lowering/kernels/gen/gen_kernels.py`, then `bash test/kernels/build_and_run.sh`.

Run without arguments it writes lowering/kernels/*.mlir and the block versions it generates, then
runs itself with `--narrow`, which writes lowering/kernels/narrow/*.mlir: the register-tiled
GEMM kernels again with tiles for CPUs with 16 vector registers (x86 without AVX-512), which
the CPU code generation takes in their place there (lowering/CPUCodegen.cpp). Every output
element is computed by the same operations in the same order whatever the tile (a
vector<16xf32> FMA chain along K, then one reduction), so the two are bitwise equal.
"""
import re, os, subprocess, sys
NARROW = "--narrow" in sys.argv
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
# Register tiles of the GEMMs (rows x columns of vector<16xf32> accumulators): the main tile,
# its column remainder, and the row remainder (M = 1: decode GEMVs). With AVX-512 (32 zmm) 4 x 4
# accumulators fit beside their operands; with AVX2 a vector<16xf32> takes 2 of the 16 ymm, so
# the narrow tiles keep 8 accumulators.
TILES = {"main": (2, 2), "rowrem": 4} if NARROW else {"main": (4, 4), "rowrem": 8}
# Set when a kernel body uses the register tiles (narrow mode writes those kernels only).
USES_TILES = [False]
T = {
 "F1": "memref<?xf32, strided<[?], offset: ?>>",
 "F2": "memref<?x?xf32, strided<[?, ?], offset: ?>>",
 "F3": "memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>",
 "F4": "memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>",
 "I32_1": "memref<?xi32, strided<[?], offset: ?>>",
 "I32_2": "memref<?x?xi32, strided<[?, ?], offset: ?>>",
 "I64_1": "memref<?xi64, strided<[?], offset: ?>>",
 "B2": "memref<?x?xbf16, strided<[?, ?], offset: ?>>",
 "B3": "memref<?x?x?xbf16, strided<[?, ?, ?], offset: ?>>",
}
def sub(s):
    return re.sub(r"\$(F1|F2|F3|F4|I32_1|I32_2|I64_1|B2|B3)\b", lambda m: T[m.group(1)], s)

PRE = """  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %f0 = arith.constant 0.0 : f32
  %f1 = arith.constant 1.0 : f32
  %i0 = arith.constant 0 : i64
"""
def split(n, lo="%lo", hi="%hi"):
    return f"""  %split_a = arith.muli %wg, {n} : index
  {lo} = arith.divui %split_a, %nwg : index
  %split_w1 = arith.addi %wg, %c1 : index
  %split_b = arith.muli %split_w1, {n} : index
  {hi} = arith.divui %split_b, %nwg : index
"""
def emit(name, comment, args, body):
    text = "".join("// " + l + "\n" if l else "//\n" for l in comment.strip().split("\n"))
    uses, USES_TILES[0] = USES_TILES[0], False
    if NARROW:
        if not uses:
            return
        mr, nr = TILES["main"]
        text = (f"// Narrow-register version (gen_kernels.py --narrow): {mr} x {nr} and 1 x {TILES['rowrem']} "
                f"register tiles in place of\n// 4 x 4 and 1 x 8, for CPUs with 16 vector registers; "
                f"bitwise the same results.\n") + text
    text += f"func.func @{name}(%wg: index, %nwg: index,\n    " + ",\n    ".join(args) + ")\n    attributes {llvm.emit_c_interface} {\n" + PRE + body + "  return\n}\n"
    out = os.path.join(OUT, "narrow") if NARROW else OUT
    open(os.path.join(out, name + ".mlir"), "w").write(sub(text))

K = {}
K["add"] = ("""add: out = a + b over [R, C]; out may alias a or b.
Work: rows split evenly over nwg.""", ["%a: $F2", "%b: $F2", "%out: $F2"], """  %R = memref.dim %out, %c0 : $F2
  %C = memref.dim %out, %c1 : $F2
""" + split("%R") + """  scf.for %r = %lo to %hi step %c1 {
    scf.for %c = %c0 to %C step %c1 {
      %x = memref.load %a[%r, %c] : $F2
      %y = memref.load %b[%r, %c] : $F2
      %s = arith.addf %x, %y : f32
      memref.store %s, %out[%r, %c] : $F2
    }
  }
""")
K["clamp"] = ("""clamp: out = min(max(x, -limit), limit) over [R, C]; out may alias x.
Work: rows split evenly over nwg.""", ["%x: $F2", "%out: $F2", "%limit: f32"], """  %R = memref.dim %out, %c0 : $F2
  %C = memref.dim %out, %c1 : $F2
  %nl = arith.negf %limit : f32
""" + split("%R") + """  scf.for %r = %lo to %hi step %c1 {
    scf.for %c = %c0 to %C step %c1 {
      %v = memref.load %x[%r, %c] : $F2
      %a = arith.maximumf %v, %nl : f32
      %b = arith.minimumf %a, %limit : f32
      memref.store %b, %out[%r, %c] : $F2
    }
  }
""")
def embedding_kernel(table_type, comment):
    """embedding's body with the table of type $F2 or $B2 (bf16, extended to f32)."""
    load = (f"      %v = memref.load %table[%id, %h] : {table_type}\n" if table_type == "$F2" else
            f"      %vh = memref.load %table[%id, %h] : {table_type}\n      %v = arith.extf %vh : bf16 to f32\n")
    return (comment + """
Work: tokens split evenly over nwg.""", [f"%table: {table_type}", "%ids: $I64_1", "%out: $F2"], """  %T = memref.dim %out, %c0 : $F2
  %H = memref.dim %out, %c1 : $F2
""" + split("%T") + """  scf.for %t = %lo to %hi step %c1 {
    %id64 = memref.load %ids[%t] : $I64_1
    %id = arith.index_cast %id64 : i64 to index
    scf.for %h = %c0 to %H step %c1 {
""" + load + """      memref.store %v, %out[%t, %h] : $F2
    }
  }
""")
K["embedding"] = embedding_kernel("$F2", "embedding: out[t, :] = table[ids[t], :] (ids are validated by the runtime).")
K["embedding_wbf16"] = embedding_kernel("$B2", "embedding_wbf16: embedding with a bf16 table (moe-weights-to-bf16): out[t, :] = f32(table[ids[t], :]).")
K["rms_norm"] = ("""rms_norm: out = x * 1/sqrt(mean(x^2) + eps) (* w if has_weight); out may alias x.
Work: rows split evenly over nwg; f32 accumulation.""", ["%x: $F2", "%w: $F1", "%out: $F2", "%eps: f32", "%has_weight: i64"], """  %R = memref.dim %x, %c0 : $F2
  %D = memref.dim %x, %c1 : $F2
  %D64 = arith.index_cast %D : index to i64
  %Df = arith.sitofp %D64 : i64 to f32
  %hw = arith.cmpi ne, %has_weight, %i0 : i64
""" + split("%R") + """  scf.for %r = %lo to %hi step %c1 {
    %ss = scf.for %c = %c0 to %D step %c1 iter_args(%acc = %f0) -> (f32) {
      %v = memref.load %x[%r, %c] : $F2
      %acc2 = math.fma %v, %v, %acc fastmath<reassoc, contract> : f32
      scf.yield %acc2 : f32
    }
    %mean = arith.divf %ss, %Df : f32
    %me = arith.addf %mean, %eps : f32
    %sq = math.sqrt %me : f32
    %inv = arith.divf %f1, %sq : f32
    scf.for %c = %c0 to %D step %c1 {
      %v = memref.load %x[%r, %c] : $F2
      %y = arith.mulf %v, %inv : f32
      %y2 = scf.if %hw -> (f32) {
        %wv = memref.load %w[%c] : $F1
        %m = arith.mulf %y, %wv : f32
        scf.yield %m : f32
      } else {
        scf.yield %y : f32
      }
      memref.store %y2, %out[%r, %c] : $F2
    }
  }
""")
K["layer_norm"] = ("""layer_norm: out = (x - mean) / sqrt(var + eps) (* w) (+ b), biased variance; out may alias x.
Work: rows split evenly over nwg; two-pass mean/variance in f32.""", ["%x: $F2", "%w: $F1", "%b: $F1", "%out: $F2", "%eps: f32", "%has_weight: i64", "%has_bias: i64"], """  %R = memref.dim %x, %c0 : $F2
  %D = memref.dim %x, %c1 : $F2
  %D64 = arith.index_cast %D : index to i64
  %Df = arith.sitofp %D64 : i64 to f32
  %hw = arith.cmpi ne, %has_weight, %i0 : i64
  %hb = arith.cmpi ne, %has_bias, %i0 : i64
""" + split("%R") + """  scf.for %r = %lo to %hi step %c1 {
    %s = scf.for %c = %c0 to %D step %c1 iter_args(%acc = %f0) -> (f32) {
      %v = memref.load %x[%r, %c] : $F2
      %acc2 = arith.addf %acc, %v fastmath<reassoc, contract> : f32
      scf.yield %acc2 : f32
    }
    %mean = arith.divf %s, %Df : f32
    %vs = scf.for %c = %c0 to %D step %c1 iter_args(%acc = %f0) -> (f32) {
      %v = memref.load %x[%r, %c] : $F2
      %d = arith.subf %v, %mean : f32
      %acc2 = math.fma %d, %d, %acc fastmath<reassoc, contract> : f32
      scf.yield %acc2 : f32
    }
    %var = arith.divf %vs, %Df : f32
    %ve = arith.addf %var, %eps : f32
    %sq = math.sqrt %ve : f32
    %inv = arith.divf %f1, %sq : f32
    scf.for %c = %c0 to %D step %c1 {
      %v = memref.load %x[%r, %c] : $F2
      %d = arith.subf %v, %mean : f32
      %y = arith.mulf %d, %inv : f32
      %y2 = scf.if %hw -> (f32) {
        %wv = memref.load %w[%c] : $F1
        %m = arith.mulf %y, %wv : f32
        scf.yield %m : f32
      } else {
        scf.yield %y : f32
      }
      %y3 = scf.if %hb -> (f32) {
        %bv = memref.load %b[%c] : $F1
        %m = arith.addf %y2, %bv : f32
        scf.yield %m : f32
      } else {
        scf.yield %y2 : f32
      }
      memref.store %y3, %out[%r, %c] : $F2
    }
  }
""")
K["swiglu"] = ("""swiglu: g = gu[:, :I], u = gu[:, I:]; out = silu(g) * u, or when clamped (gpt-oss):
g = min(g, limit); u = clamp(u, -limit, limit); out = (u + 1) * g * sigmoid(alpha * g).
Work: rows split evenly over nwg.""", ["%gu: $F2", "%out: $F2", "%clamped: i64", "%alpha: f32", "%limit: f32"], """  %R = memref.dim %out, %c0 : $F2
  %I = memref.dim %out, %c1 : $F2
  %cl = arith.cmpi ne, %clamped, %i0 : i64
  %nl = arith.negf %limit : f32
""" + split("%R") + """  scf.for %r = %lo to %hi step %c1 {
    scf.for %i = %c0 to %I step %c1 {
      %iu = arith.addi %i, %I : index
      %g = memref.load %gu[%r, %i] : $F2
      %u = memref.load %gu[%r, %iu] : $F2
      %y = scf.if %cl -> (f32) {
        %g2 = arith.minimumf %g, %limit : f32
        %u1 = arith.maximumf %u, %nl : f32
        %u2 = arith.minimumf %u1, %limit : f32
        %ag = arith.mulf %alpha, %g2 : f32
        %nag = arith.negf %ag : f32
        %e = math.exp %nag : f32
        %den = arith.addf %f1, %e : f32
        %sg = arith.divf %g2, %den : f32
        %up1 = arith.addf %u2, %f1 : f32
        %res = arith.mulf %up1, %sg : f32
        scf.yield %res : f32
      } else {
        %ng = arith.negf %g : f32
        %e = math.exp %ng : f32
        %den = arith.addf %f1, %e : f32
        %sg = arith.divf %g, %den : f32
        %res = arith.mulf %sg, %u : f32
        scf.yield %res : f32
      }
      memref.store %y, %out[%r, %i] : $F2
    }
  }
""")
K["rope"] = ("""rope: in place on x[T, NH, D]; half = size(inv_freq) (the rotated part is the first 2*half
values of each head, so a partial rotary dim works too). angle = f32(pos) * inv_freq[j];
c = cos(angle) * af, s = sin(angle) * af; pairs (2j, 2j+1) if interleaved else (j, j+half):
x_a' = x_a c - x_b s, x_b' = x_b c + x_a s.
Work: tokens split evenly over nwg.""", ["%x: $F3", "%positions: $I64_1", "%inv_freq: $F1", "%interleaved: i64", "%attention_factor: f32"], """  %T = memref.dim %x, %c0 : $F3
  %NH = memref.dim %x, %c1 : $F3
  %half = memref.dim %inv_freq, %c0 : $F1
  %il = arith.cmpi ne, %interleaved, %i0 : i64
""" + split("%T") + """  scf.for %t = %lo to %hi step %c1 {
    %p64 = memref.load %positions[%t] : $I64_1
    %pf = arith.sitofp %p64 : i64 to f32
    scf.for %j = %c0 to %half step %c1 {
      %fr = memref.load %inv_freq[%j] : $F1
      %ang = arith.mulf %pf, %fr : f32
      %co = math.cos %ang : f32
      %si = math.sin %ang : f32
      %c = arith.mulf %co, %attention_factor : f32
      %s = arith.mulf %si, %attention_factor : f32
      %j2 = arith.muli %j, %c2 : index
      %j21 = arith.addi %j2, %c1 : index
      %jh = arith.addi %j, %half : index
      %ia = arith.select %il, %j2, %j : index
      %ib = arith.select %il, %j21, %jh : index
      scf.for %h = %c0 to %NH step %c1 {
        %xa = memref.load %x[%t, %h, %ia] : $F3
        %xb = memref.load %x[%t, %h, %ib] : $F3
        %ac = arith.mulf %xa, %c : f32
        %bs = arith.mulf %xb, %s : f32
        %na = arith.subf %ac, %bs : f32
        %bc = arith.mulf %xb, %c : f32
        %as = arith.mulf %xa, %s : f32
        %nb = arith.addf %bc, %as : f32
        memref.store %na, %x[%t, %h, %ia] : $F3
        memref.store %nb, %x[%t, %h, %ib] : $F3
      }
    }
  }
""")
K["kv_store"] = ("""kv_store: cache[slots[t], positions[t], :, :] = src[t, :, :].
Work: tokens split evenly over nwg.""", ["%src: $F3", "%cache: $F4", "%positions: $I64_1", "%slots: $I64_1"], """  %T = memref.dim %src, %c0 : $F3
  %H = memref.dim %src, %c1 : $F3
  %D = memref.dim %src, %c2 : $F3
""" + split("%T") + """  scf.for %t = %lo to %hi step %c1 {
    %p64 = memref.load %positions[%t] : $I64_1
    %s64 = memref.load %slots[%t] : $I64_1
    %p = arith.index_cast %p64 : i64 to index
    %s = arith.index_cast %s64 : i64 to index
    scf.for %h = %c0 to %H step %c1 {
      scf.for %d = %c0 to %D step %c1 {
        %v = memref.load %src[%t, %h, %d] : $F3
        memref.store %v, %cache[%s, %p, %h, %d] : $F4
      }
    }
  }
""")
# The rows token t expands or copies (mla_expand, kv_load): (m_t, positions[t]] of slot s, each
# row once whatever the token order or nwg.
SLOT_ROWS = """    %p64 = memref.load %positions[%t] : $I64_1
    %s64 = memref.load %slots[%t] : $I64_1
    %s = arith.index_cast %s64 : i64 to index
    // m_t = max(-1, max{positions[t'] : t' < t, slots[t'] = slots[t]})
    %m64 = scf.for %tp = %c0 to %t step %c1 iter_args(%m = %im1) -> (i64) {
      %sp = memref.load %slots[%tp] : $I64_1
      %pp = memref.load %positions[%tp] : $I64_1
      %same = arith.cmpi eq, %sp, %s64 : i64
      %mx = arith.maxsi %m, %pp : i64
      %m2 = arith.select %same, %mx, %m : i64
      scf.yield %m2 : i64
    }
    // rows (m_t, p_t] of slot s
    %jlo64 = arith.addi %m64, %i1 : i64
    %jhi64 = arith.addi %p64, %i1 : i64
    %jlo = arith.index_cast %jlo64 : i64 to index
    %jhi0 = arith.index_cast %jhi64 : i64 to index
    %jhi = arith.maxsi %jhi0, %jlo : index
"""
K["kv_load"] = ("""kv_load: the cached rows a call attends to, out of the cache: for every slot s in slots and
position j in [0, max{positions[t] : slots[t] = s}], out[s, j, :, :] = cache[s, j, :, :]; other
entries of out are untouched. Its bf16-storage variant kv_load_cbf16 (moe-kv-cache-to-bf16)
widens a bf16 latent cache to f32 rows for mla_expand.
Work: tokens split evenly over nwg. Token t copies the rows (m_t, positions[t]] of slot
s = slots[t], m_t = max(-1, max{positions[t'] : t' < t, slots[t'] = s}) (mla_expand's rule), so
every needed row is copied once whatever the token order or nwg.""", ["%cache: $F4", "%positions: $I64_1", "%slots: $I64_1", "%out: $F4"], """  %T = memref.dim %positions, %c0 : $I64_1
  %H = memref.dim %cache, %c2 : $F4
  %D = memref.dim %cache, %c3 : $F4
  %im1 = arith.constant -1 : i64
  %i1 = arith.constant 1 : i64
""" + split("%T") + """  scf.for %t = %lo to %hi step %c1 {
""" + SLOT_ROWS + """    scf.for %j = %jlo to %jhi step %c1 {
      scf.for %h = %c0 to %H step %c1 {
        scf.for %d = %c0 to %D step %c1 {
          %v = memref.load %cache[%s, %j, %h, %d] : $F4
          memref.store %v, %out[%s, %j, %h, %d] : $F4
        }
      }
    }
  }
""")
K["temperature_scale"] = ("""temperature_scale: in place, q[t, :] *= log1p(floor((p + 1) / floor_scale)) * attn_scale + 1
(the per-token multiplier is computed in f64).
Work: tokens split evenly over nwg.""", ["%q: $F2", "%positions: $I64_1", "%floor_scale: f32", "%attn_scale: f32"], """  %T = memref.dim %q, %c0 : $F2
  %W = memref.dim %q, %c1 : $F2
  %d1 = arith.constant 1.0 : f64
  %fs = arith.extf %floor_scale : f32 to f64
  %as = arith.extf %attn_scale : f32 to f64
""" + split("%T") + """  scf.for %t = %lo to %hi step %c1 {
    %p64 = memref.load %positions[%t] : $I64_1
    %pd = arith.sitofp %p64 : i64 to f64
    %p1 = arith.addf %pd, %d1 : f64
    %qq = arith.divf %p1, %fs : f64
    %fl = math.floor %qq : f64
    %lg = math.log1p %fl : f64
    %m1 = arith.mulf %lg, %as : f64
    %m2 = arith.addf %m1, %d1 : f64
    %m = arith.truncf %m2 : f64 to f32
    scf.for %c = %c0 to %W step %c1 {
      %v = memref.load %q[%t, %c] : $F2
      %y = arith.mulf %v, %m : f32
      memref.store %y, %q[%t, %c] : $F2
    }
  }
""")
K["sigmoid_gate"] = ("""sigmoid_gate: out[t, :] = (accumulate ? out[t, :] : 0) + sigmoid(g[t, 0]) * y[t, :].
Work: tokens split evenly over nwg.""", ["%y: $F2", "%g: $F2", "%out: $F2", "%accumulate: i64"], """  %T = memref.dim %y, %c0 : $F2
  %H = memref.dim %y, %c1 : $F2
  %acc = arith.cmpi ne, %accumulate, %i0 : i64
""" + split("%T") + """  scf.for %t = %lo to %hi step %c1 {
    %gv = memref.load %g[%t, %c0] : $F2
    %ng = arith.negf %gv : f32
    %e = math.exp %ng : f32
    %den = arith.addf %f1, %e : f32
    %sg = arith.divf %f1, %den : f32
    scf.for %c = %c0 to %H step %c1 {
      %v = memref.load %y[%t, %c] : $F2
      %m = arith.mulf %sg, %v : f32
      %r = scf.if %acc -> (f32) {
        %o = memref.load %out[%t, %c] : $F2
        %s = arith.addf %o, %m : f32
        scf.yield %s : f32
      } else {
        scf.yield %m : f32
      }
      memref.store %r, %out[%t, %c] : $F2
    }
  }
""")
K["copy"] = ("""copy: dst = src over [A, B, C]; src strides may be 0 (broadcast).
Work: the outer dimension split evenly over nwg.""", ["%src: $F3", "%dst: $F3"], """  %A = memref.dim %dst, %c0 : $F3
  %B = memref.dim %dst, %c1 : $F3
  %C = memref.dim %dst, %c2 : $F3
""" + split("%A") + """  scf.for %a = %lo to %hi step %c1 {
    scf.for %b = %c0 to %B step %c1 {
      scf.for %c = %c0 to %C step %c1 {
        %v = memref.load %src[%a, %b, %c] : $F3
        memref.store %v, %dst[%a, %b, %c] : $F3
      }
    }
  }
""")
K["gather_rows"] = ("""gather_rows: out[r, :] = x[perm[r] / top_k, :] (* weights[perm[r]] if has_weights).
Work: rows split evenly over nwg.""", ["%x: $F2", "%perm: $I32_1", "%weights: $F1", "%out: $F2", "%top_k: i64", "%has_weights: i64"], """  %R = memref.dim %out, %c0 : $F2
  %H = memref.dim %out, %c1 : $F2
  %K = arith.index_cast %top_k : i64 to index
  %hw = arith.cmpi ne, %has_weights, %i0 : i64
""" + split("%R") + """  scf.for %r = %lo to %hi step %c1 {
    %p32 = memref.load %perm[%r] : $I32_1
    %p = arith.index_cast %p32 : i32 to index
    %t = arith.divui %p, %K : index
    %wt = scf.if %hw -> (f32) {
      %wv = memref.load %weights[%p] : $F1
      scf.yield %wv : f32
    } else {
      scf.yield %f1 : f32
    }
    scf.for %c = %c0 to %H step %c1 {
      %v = memref.load %x[%t, %c] : $F2
      %y = arith.mulf %v, %wt : f32
      memref.store %y, %out[%r, %c] : $F2
    }
  }
""")
K["combine"] = ("""combine: out[t, :] = (accumulate ? out[t, :] : 0) + sum_{k ascending} (weights[t*K+k] *) rows[inv[t*K+k], :].
Work: tokens split evenly over nwg.""", ["%rows: $F2", "%inv: $I32_1", "%weights: $F1", "%out: $F2", "%top_k: i64", "%has_weights: i64", "%accumulate: i64"], """  %T = memref.dim %out, %c0 : $F2
  %H = memref.dim %out, %c1 : $F2
  %K = arith.index_cast %top_k : i64 to index
  %hw = arith.cmpi ne, %has_weights, %i0 : i64
  %acc = arith.cmpi ne, %accumulate, %i0 : i64
  %nacc = arith.cmpi eq, %accumulate, %i0 : i64
""" + split("%T") + """  scf.for %t = %lo to %hi step %c1 {
    scf.if %nacc {
      scf.for %c = %c0 to %H step %c1 {
        memref.store %f0, %out[%t, %c] : $F2
      }
    }
    %tk0 = arith.muli %t, %K : index
    scf.for %k = %c0 to %K step %c1 {
      %tk = arith.addi %tk0, %k : index
      %r32 = memref.load %inv[%tk] : $I32_1
      %r = arith.index_cast %r32 : i32 to index
      %wt = scf.if %hw -> (f32) {
        %wv = memref.load %weights[%tk] : $F1
        scf.yield %wv : f32
      } else {
        scf.yield %f1 : f32
      }
      scf.for %c = %c0 to %H step %c1 {
        %v = memref.load %rows[%r, %c] : $F2
        %o = memref.load %out[%t, %c] : $F2
        %m = arith.mulf %wt, %v : f32
        %s = arith.addf %o, %m : f32
        memref.store %s, %out[%t, %c] : $F2
      }
    }
  }
""")
K["dispatch_count"] = ("""dispatch_count: stable counting sort of the T*K (token, slot) pairs by expert id.
counts[e] = #pairs routed to e; offsets = exclusive prefix sums (offsets[E] = T*K);
perm[r] = t*K+k ordered by (expert, t*K+k); inv[perm[r]] = r.
Work: sequential, only wg 0 works (the others return at once).""", ["%ids: $I32_2", "%counts: $I32_1", "%offsets: $I32_1", "%perm: $I32_1", "%inv: $I32_1"], """  %T = memref.dim %ids, %c0 : $I32_2
  %K = memref.dim %ids, %c1 : $I32_2
  %E = memref.dim %counts, %c0 : $I32_1
  %z32 = arith.constant 0 : i32
  %o32 = arith.constant 1 : i32
  %first = arith.cmpi eq, %wg, %c0 : index
  scf.if %first {
    scf.for %e = %c0 to %E step %c1 {
      memref.store %z32, %counts[%e] : $I32_1
    }
    scf.for %t = %c0 to %T step %c1 {
      scf.for %k = %c0 to %K step %c1 {
        %e32 = memref.load %ids[%t, %k] : $I32_2
        %e = arith.index_cast %e32 : i32 to index
        %n = memref.load %counts[%e] : $I32_1
        %n1 = arith.addi %n, %o32 : i32
        memref.store %n1, %counts[%e] : $I32_1
      }
    }
    // offsets[e] := exclusive prefix sum (used as a running cursor below)
    %tot = scf.for %e = %c0 to %E step %c1 iter_args(%run = %z32) -> (i32) {
      memref.store %run, %offsets[%e] : $I32_1
      %n = memref.load %counts[%e] : $I32_1
      %run2 = arith.addi %run, %n : i32
      scf.yield %run2 : i32
    }
    memref.store %tot, %offsets[%E] : $I32_1
    scf.for %t = %c0 to %T step %c1 {
      scf.for %k = %c0 to %K step %c1 {
        %e32 = memref.load %ids[%t, %k] : $I32_2
        %e = arith.index_cast %e32 : i32 to index
        %r32 = memref.load %offsets[%e] : $I32_1
        %r = arith.index_cast %r32 : i32 to index
        %r1 = arith.addi %r32, %o32 : i32
        memref.store %r1, %offsets[%e] : $I32_1
        %tk0 = arith.muli %t, %K : index
        %tk = arith.addi %tk0, %k : index
        %tk32 = arith.index_cast %tk : index to i32
        memref.store %tk32, %perm[%r] : $I32_1
        memref.store %r32, %inv[%tk] : $I32_1
      }
    }
    // restore the exclusive prefix sums
    %tot2 = scf.for %e = %c0 to %E step %c1 iter_args(%run = %z32) -> (i32) {
      memref.store %run, %offsets[%e] : $I32_1
      %n = memref.load %counts[%e] : $I32_1
      %run2 = arith.addi %run, %n : i32
      scf.yield %run2 : i32
    }
  }
""")
for n, (c, a, b) in K.items():
    emit(n, c, a, b)
print("ok", len(K))

# ---- routing: router and route_dispatch share one per-token body ----
ROUTE_ARGS = ["%scoring: i64", "%n_group: i64", "%topk_group: i64", "%group_score: i64",
              "%renorm: i64", "%renorm_eps: f32", "%scaling: f32", "%has_corr: i64"]
ROUTE_DOC = """scoring 0 softmax, 1 sigmoid, 2 softmax_topk, 3 sigmoid_topk; group_score 0 max, 1 top2_sum;
renorm 0 none, 1 sum. A per-workgroup stack buffer sc[0:E] holds the scores s, sc[E:2E] the
selection scores sel = s (+ corr); groups (n_group > 1, group size E / n_group) outside the
topk_group best are masked to -inf. Top-k: one pass over sel keeping a sorted list of K
(value desc, id asc) by insertion (a later id enters only when strictly greater), so ties pick
the lower expert id; slot = rank."""

# Needs %T, %E, %K defined; defines the flags and the stack buffers.
ROUTE_PRE = """  %E64 = arith.index_cast %E : index to i64
  %i1 = arith.constant 1 : i64
  %i2 = arith.constant 2 : i64
  %i3 = arith.constant 3 : i64
  %ninf = arith.constant 0xFF800000 : f32
  %is_softmax = arith.cmpi eq, %scoring, %i0 : i64
  %is_sigmoid = arith.cmpi eq, %scoring, %i1 : i64
  %is_smtopk = arith.cmpi eq, %scoring, %i2 : i64
  %is_sgtopk = arith.cmpi eq, %scoring, %i3 : i64
  %plain = arith.cmpi ult, %scoring, %i2 : i64
  %hc = arith.cmpi ne, %has_corr, %i0 : i64
  %top2 = arith.cmpi ne, %group_score, %i0 : i64
  %do_renorm = arith.cmpi ne, %renorm, %i0 : i64
  %grouped = arith.cmpi sgt, %n_group, %i1 : i64
  %NG0 = arith.index_cast %n_group : i64 to index
  %NG = arith.maxsi %NG0, %c1 : index
  %GS = arith.divui %E, %NG : index
  %gs_gt1 = arith.cmpi ugt, %GS, %c1 : index
  %TKG = arith.index_cast %topk_group : i64 to index
  %Km1 = arith.subi %K, %c1 : index
  %E2 = arith.addi %E, %E : index
  %gsb = memref.alloca(%NG) : memref<?xf32>
  %sc = memref.alloca(%E2) : memref<?xf32>
  %tv = memref.alloca(%K) : memref<?xf32>
  %ti = memref.alloca(%K) : memref<?xi64>
"""

# Routes token %t: reads %logits[%t, :], writes %ids[%t, :] and %weights[%t, :].
ROUTE_TOKEN = """    // 1. scores s -> sc[0:E]
    scf.if %is_softmax {
      %mx = scf.for %e = %c0 to %E step %c1 iter_args(%m = %ninf) -> (f32) {
        %l = memref.load %logits[%t, %e] : $F2
        %m2 = arith.maximumf %m, %l : f32
        scf.yield %m2 : f32
      }
      %sum = scf.for %e = %c0 to %E step %c1 iter_args(%a = %f0) -> (f32) {
        %l = memref.load %logits[%t, %e] : $F2
        %d = arith.subf %l, %mx : f32
        %x = math.exp %d : f32
        memref.store %x, %sc[%e] : memref<?xf32>
        %a2 = arith.addf %a, %x : f32
        scf.yield %a2 : f32
      }
      scf.for %e = %c0 to %E step %c1 {
        %x = memref.load %sc[%e] : memref<?xf32>
        %y = arith.divf %x, %sum : f32
        memref.store %y, %sc[%e] : memref<?xf32>
      }
    } else {
      scf.for %e = %c0 to %E step %c1 {
        %l = memref.load %logits[%t, %e] : $F2
        %y = scf.if %is_sigmoid -> (f32) {
          %nl = arith.negf %l : f32
          %x = math.exp %nl : f32
          %den = arith.addf %f1, %x : f32
          %sg = arith.divf %f1, %den : f32
          scf.yield %sg : f32
        } else {
          scf.yield %l : f32
        }
        memref.store %y, %sc[%e] : memref<?xf32>
      }
    }
    // 2. selection scores sel -> sc[E:2E]
    scf.for %e = %c0 to %E step %c1 {
      %s = memref.load %sc[%e] : memref<?xf32>
      %sel = scf.if %hc -> (f32) {
        %cv = memref.load %corr[%e] : $F1
        %a = arith.addf %s, %cv : f32
        scf.yield %a : f32
      } else {
        scf.yield %s : f32
      }
      %eE = arith.addi %e, %E : index
      memref.store %sel, %sc[%eE] : memref<?xf32>
    }
    // 3. group limiting
    scf.if %grouped {
      scf.for %g = %c0 to %NG step %c1 {
        %gb = arith.muli %g, %GS : index
        %ge = arith.addi %gb, %GS : index
        %m:2 = scf.for %e = %gb to %ge step %c1 iter_args(%m1 = %ninf, %m2 = %ninf) -> (f32, f32) {
          %eE = arith.addi %e, %E : index
          %v = memref.load %sc[%eE] : memref<?xf32>
          %gt1 = arith.cmpf ogt, %v, %m1 : f32
          %gt2 = arith.cmpf ogt, %v, %m2 : f32
          %n2a = arith.select %gt2, %v, %m2 : f32
          %n2 = arith.select %gt1, %m1, %n2a : f32
          %n1 = arith.select %gt1, %v, %m1 : f32
          scf.yield %n1, %n2 : f32, f32
        }
        %second = arith.select %gs_gt1, %m#1, %f0 : f32
        %sum2 = arith.addf %m#0, %second : f32
        %gsc = arith.select %top2, %sum2, %m#0 : f32
        memref.store %gsc, %gsb[%g] : memref<?xf32>
      }
      scf.for %g = %c0 to %NG step %c1 {
        %sg = memref.load %gsb[%g] : memref<?xf32>
        %rank = scf.for %h = %c0 to %NG step %c1 iter_args(%rk = %c0) -> (index) {
          %sh = memref.load %gsb[%h] : memref<?xf32>
          %gt = arith.cmpf ogt, %sh, %sg : f32
          %eq = arith.cmpf oeq, %sh, %sg : f32
          %lt = arith.cmpi ult, %h, %g : index
          %eql = arith.andi %eq, %lt : i1
          %before = arith.ori %gt, %eql : i1
          %rk1 = arith.addi %rk, %c1 : index
          %rk2 = arith.select %before, %rk1, %rk : index
          scf.yield %rk2 : index
        }
        %drop = arith.cmpi uge, %rank, %TKG : index
        scf.if %drop {
          %gb = arith.muli %g, %GS : index
          %ge = arith.addi %gb, %GS : index
          scf.for %e = %gb to %ge step %c1 {
            %eE = arith.addi %e, %E : index
            memref.store %ninf, %sc[%eE] : memref<?xf32>
          }
        }
      }
    }
    // 4. top-k by (sel desc, id asc): sorted insertion into tv/ti
    %nsel = scf.for %e = %c0 to %E step %c1 iter_args(%n = %c0) -> (index) {
      %eE = arith.addi %e, %E : index
      %v = memref.load %sc[%eE] : memref<?xf32>
      %notfull = arith.cmpi ult, %n, %K : index
      %enter = scf.if %notfull -> (i1) {
        %true = arith.constant true
        scf.yield %true : i1
      } else {
        %lv = memref.load %tv[%Km1] : memref<?xf32>
        %gtl = arith.cmpf ogt, %v, %lv : f32
        scf.yield %gtl : i1
      }
      %n2 = scf.if %enter -> (index) {
        %m = arith.minui %n, %Km1 : index
        %p = scf.for %j = %c0 to %m step %c1 iter_args(%pp = %c0) -> (index) {
          %tj = memref.load %tv[%j] : memref<?xf32>
          %ge = arith.cmpf oge, %tj, %v : f32
          %pp1 = arith.addi %pp, %c1 : index
          %pr = arith.select %ge, %pp1, %pp : index
          scf.yield %pr : index
        }
        %nsh = arith.subi %m, %p : index
        scf.for %i = %c0 to %nsh step %c1 {
          %j0 = arith.subi %m, %i : index
          %j = arith.subi %j0, %c1 : index
          %sv = memref.load %tv[%j] : memref<?xf32>
          %si = memref.load %ti[%j] : memref<?xi64>
          memref.store %sv, %tv[%j0] : memref<?xf32>
          memref.store %si, %ti[%j0] : memref<?xi64>
        }
        %e64 = arith.index_cast %e : index to i64
        memref.store %v, %tv[%p] : memref<?xf32>
        memref.store %e64, %ti[%p] : memref<?xi64>
        %nn = arith.addi %n, %c1 : index
        %n3 = arith.minui %nn, %K : index
        scf.yield %n3 : index
      } else {
        scf.yield %n : index
      }
      scf.yield %n2 : index
    }
    // raw weights -> weights[t, k]
    scf.for %k = %c0 to %K step %c1 {
      %bi = memref.load %ti[%k] : memref<?xi64>
      %bi32 = arith.trunci %bi : i64 to i32
      memref.store %bi32, %ids[%t, %k] : $I32_2
      %bix = arith.index_cast %bi : i64 to index
      %w = scf.if %plain -> (f32) {
        %sv = memref.load %sc[%bix] : memref<?xf32>
        scf.yield %sv : f32
      } else {
        %l = memref.load %logits[%t, %bix] : $F2
        %w2 = scf.if %is_sgtopk -> (f32) {
          %nl = arith.negf %l : f32
          %x = math.exp %nl : f32
          %den = arith.addf %f1, %x : f32
          %sg = arith.divf %f1, %den : f32
          scf.yield %sg : f32
        } else {
          scf.yield %l : f32
        }
        scf.yield %w2 : f32
      }
      memref.store %w, %weights[%t, %k] : $F2
    }
    // 5. softmax over the selected logits (softmax_topk)
    scf.if %is_smtopk {
      %mx = scf.for %k = %c0 to %K step %c1 iter_args(%m = %ninf) -> (f32) {
        %l = memref.load %weights[%t, %k] : $F2
        %m2 = arith.maximumf %m, %l : f32
        scf.yield %m2 : f32
      }
      %sum = scf.for %k = %c0 to %K step %c1 iter_args(%a = %f0) -> (f32) {
        %l = memref.load %weights[%t, %k] : $F2
        %d = arith.subf %l, %mx : f32
        %x = math.exp %d : f32
        memref.store %x, %weights[%t, %k] : $F2
        %a2 = arith.addf %a, %x : f32
        scf.yield %a2 : f32
      }
      scf.for %k = %c0 to %K step %c1 {
        %x = memref.load %weights[%t, %k] : $F2
        %y = arith.divf %x, %sum : f32
        memref.store %y, %weights[%t, %k] : $F2
      }
    }
    // 6. renormalisation and 7. routed scaling factor
    %sumw = scf.for %k = %c0 to %K step %c1 iter_args(%a = %f0) -> (f32) {
      %x = memref.load %weights[%t, %k] : $F2
      %a2 = arith.addf %a, %x : f32
      scf.yield %a2 : f32
    }
    %den = arith.addf %sumw, %renorm_eps : f32
    scf.for %k = %c0 to %K step %c1 {
      %x = memref.load %weights[%t, %k] : $F2
      %y = scf.if %do_renorm -> (f32) {
        %q = arith.divf %x, %den : f32
        scf.yield %q : f32
      } else {
        scf.yield %x : f32
      }
      %z = arith.mulf %y, %scaling : f32
      memref.store %z, %weights[%t, %k] : $F2
    }
"""

def indent(text, n):
    return "".join((" " * n + l if l.strip() else l) for l in text.splitlines(True))

K2 = {}
K2["router"] = ("""router: routing after the logits, exactly the interpreter's Executor::router.
""" + ROUTE_DOC + """
Work: tokens split evenly over nwg.""",
 ["%logits: $F2", "%corr: $F1", "%ids: $I32_2", "%weights: $F2"] + ROUTE_ARGS,
 """  %T = memref.dim %logits, %c0 : $F2
  %E = memref.dim %logits, %c1 : $F2
  %K = memref.dim %ids, %c1 : $I32_2
""" + ROUTE_PRE + split("%T") + "  scf.for %t = %lo to %hi step %c1 {\n" + ROUTE_TOKEN + "  }\n")

# route_dispatch's sizes and phase flags, shared with its CUDA block version (below).
RD_HEAD = """  %T = memref.dim %logits, %c0 : $F2
  %E = memref.dim %logits, %c1 : $F2
  %K = memref.dim %ids, %c1 : $I32_2
  %H = memref.dim %src, %c1 : $F2
  %NB = memref.dim %hist, %c0 : $I32_2
  %z32 = arith.constant 0 : i32
  %o32 = arith.constant 1 : i32
  %ph1 = arith.constant 1 : i64
  %ph2 = arith.constant 2 : i64
  %is_p0 = arith.cmpi eq, %phase, %i0 : i64
  %is_p1 = arith.cmpi eq, %phase, %ph1 : i64
  %is_p2 = arith.cmpi eq, %phase, %ph2 : i64
"""
# Phase 2's placement of pair (t, k) of block wg: r = hist[wg, e]++, perm[r] = t*K+k, inv[t*K+k] = r.
RD_PLACE = """        %e32 = memref.load %ids[%t, %k] : $I32_2
        %e = arith.index_cast %e32 : i32 to index
        %r32 = memref.load %hist[%wg, %e] : $I32_2
        %r1 = arith.addi %r32, %o32 : i32
        memref.store %r1, %hist[%wg, %e] : $I32_2
        %r = arith.index_cast %r32 : i32 to index
        %tk0 = arith.muli %t, %K : index
        %tk = arith.addi %tk0, %k : index
        %tk32 = arith.index_cast %tk : index to i32
        memref.store %tk32, %perm[%r] : $I32_1
        memref.store %r32, %inv[%tk] : $I32_1
"""
K2["route_dispatch"] = ("""route_dispatch: moe.route_dispatch after the gate logits, in three phases (launches):
phase 0 (items NB): routes each token exactly as `router` (ids, weights) and counts the rows of
  each expert of the workgroup's token block into hist[wg, :] (blocks = the even split of the T
  tokens over nwg; wg 0 also zeroes hist rows nwg..NB-1).
phase 1 (items 1): wg 0 turns hist into each block's first row per expert (expert-major,
  block-minor) and writes counts[e] and the exclusive offsets (offsets[E] = T*K).
phase 2 (items NB, the same nwg as phase 0): each block places its (t, k) pairs in ascending
  token order: perm[r] = t*K+k, inv[t*K+k] = r, rows[r] = src[t] (* weights[t, k] if scale_rows).
So rows of one expert are in ascending token order whatever nwg is. hist is [NB, E] i32 with
NB >= nwg; phases 0 and 2 must be launched with equal items (hence equal nwg).
""" + ROUTE_DOC,
 ["%logits: $F2", "%corr: $F1", "%src: $F2", "%ids: $I32_2", "%weights: $F2", "%rows: $F2",
  "%counts: $I32_1", "%offsets: $I32_1", "%perm: $I32_1", "%inv: $I32_1", "%hist: $I32_2",
  "%phase: i64"] + ROUTE_ARGS + ["%scale_rows: i64"],
 """""" + RD_HEAD + """  %first = arith.cmpi eq, %wg, %c0 : index
  %scale = arith.cmpi ne, %scale_rows, %i0 : i64
""" + split("%T") + """  scf.if %is_p0 {
""" + indent(ROUTE_PRE, 2) + """    scf.for %e = %c0 to %E step %c1 {
      memref.store %z32, %hist[%wg, %e] : $I32_2
    }
    scf.for %t = %lo to %hi step %c1 {
""" + indent(ROUTE_TOKEN, 2) + """      scf.for %k = %c0 to %K step %c1 {
        %he32 = memref.load %ids[%t, %k] : $I32_2
        %he = arith.index_cast %he32 : i32 to index
        %hn = memref.load %hist[%wg, %he] : $I32_2
        %hn1 = arith.addi %hn, %o32 : i32
        memref.store %hn1, %hist[%wg, %he] : $I32_2
      }
    }
    scf.if %first {
      scf.for %bz = %nwg to %NB step %c1 {
        scf.for %e = %c0 to %E step %c1 {
          memref.store %z32, %hist[%bz, %e] : $I32_2
        }
      }
    }
  }
  %scan = arith.andi %is_p1, %first : i1
  scf.if %scan {
    %tot = scf.for %e = %c0 to %E step %c1 iter_args(%run = %z32) -> (i32) {
      memref.store %run, %offsets[%e] : $I32_1
      %end = scf.for %bb = %c0 to %NB step %c1 iter_args(%cur = %run) -> (i32) {
        %h = memref.load %hist[%bb, %e] : $I32_2
        memref.store %cur, %hist[%bb, %e] : $I32_2
        %cur2 = arith.addi %cur, %h : i32
        scf.yield %cur2 : i32
      }
      %cnt = arith.subi %end, %run : i32
      memref.store %cnt, %counts[%e] : $I32_1
      scf.yield %end : i32
    }
    memref.store %tot, %offsets[%E] : $I32_1
  }
  scf.if %is_p2 {
    scf.for %t = %lo to %hi step %c1 {
      scf.for %k = %c0 to %K step %c1 {
""" + RD_PLACE + """        %w = scf.if %scale -> (f32) {
          %wv = memref.load %weights[%t, %k] : $F2
          scf.yield %wv : f32
        } else {
          scf.yield %f1 : f32
        }
        scf.for %c = %c0 to %H step %c1 {
          %xv = memref.load %src[%t, %c] : $F2
          %y = arith.mulf %xv, %w : f32
          memref.store %y, %rows[%r, %c] : $F2
        }
      }
    }
  }
""")
for n, (c, a, b) in K2.items():
    emit(n, c, a, b)

# ---- matmul_nt / grouped_matmul_nt ----
VT = "vector<16xf32>"
MT = "vector<16xi1>"
U2 = "memref<?x?xf32, strided<[?, 1], offset: ?>>"
U3 = "memref<?x?x?xf32, strided<[?, ?, 1], offset: ?>>"
U4 = "memref<?x?x?x?xf32, strided<[?, ?, ?, 1], offset: ?>>"
U2B = "memref<?x?xbf16, strided<[?, 1], offset: ?>>"
VB = "vector<16xbf16>"
# The element type of w in the matmuls being generated: "f32", or "bf16" for the _wbf16
# variants (moe-weights-to-bf16), which load bf16 and extend to f32 before the same FMAs.
WT = ["f32"]
# The element type of x: "f32", or "bf16" for the bf16-activation expert kernels
# (moe-experts-to-bf16), loaded as bf16 and extended to f32 like w.
XT = ["f32"]
cnt = [0]
def fresh(p):
    cnt[0] += 1
    return f"%{p}{cnt[0]}"

def ind(s, n):
    return "".join((" " * n + l if l.strip() else l) + "\n" for l in s.rstrip("\n").split("\n"))

def tile(MR, NR, m, n, epi):
    """Register tile: MR rows of x (xv) against NR rows of w (wv) over K. Returns text;
    epi(i, j, sumvalue, row, col) gives the epilogue text per output."""
    u = fresh("t")
    s = ""
    rows = []
    for i in range(MR):
        r = f"{u}_r{i}"
        s += f"{r} = arith.addi {m}, %c{i} : index\n" if i else f"{r} = arith.addi {m}, %c0 : index\n"
        rows.append(r)
    cols = []
    for j in range(NR):
        c = f"{u}_n{j}"
        s += f"{c} = arith.addi {n}, %c{j} : index\n"
        cols.append(c)
    acc = [[f"{u}_a{i}_{j}" for j in range(NR)] for i in range(MR)]
    nacc = MR * NR
    inits = ", ".join(f"{acc[i][j]} = %vz" for i in range(MR) for j in range(NR))
    types = ", ".join([VT] * nacc)
    s += f"{u}_res:{nacc} = scf.for {u}_k = %c0 to %Kv step %c16 iter_args({inits}) -> ({types}) {{\n"
    body = ""
    for i in range(MR):
        if XT[0] == "bf16":
            body += f"{u}_x{i}h = vector.load %xv[{rows[i]}, {u}_k] : {U2B}, {VB}\n"
            body += f"{u}_x{i} = arith.extf {u}_x{i}h : {VB} to {VT}\n"
        else:
            body += f"{u}_x{i} = vector.load %xv[{rows[i]}, {u}_k] : {U2}, {VT}\n"
    for j in range(NR):
        if WT[0] == "bf16":
            body += f"{u}_w{j}h = vector.load %wv[{cols[j]}, {u}_k] : {U2B}, {VB}\n"
            body += f"{u}_w{j} = arith.extf {u}_w{j}h : {VB} to {VT}\n"
        else:
            body += f"{u}_w{j} = vector.load %wv[{cols[j]}, {u}_k] : {U2}, {VT}\n"
    outs = []
    for i in range(MR):
        for j in range(NR):
            body += f"{u}_f{i}_{j} = vector.fma {u}_x{i}, {u}_w{j}, {acc[i][j]} : {VT}\n"
            outs.append(f"{u}_f{i}_{j}")
    body += f"scf.yield {', '.join(outs)} : {types}\n"
    s += ind(body, 2) + "}\n"
    # masked K tail
    for i in range(MR):
        if XT[0] == "bf16":
            s += f"{u}_tx{i}h = vector.maskedload %xv[{rows[i]}, %Kv], %kmask, %vzb : {U2B}, {MT}, {VB} into {VB}\n"
            s += f"{u}_tx{i} = arith.extf {u}_tx{i}h : {VB} to {VT}\n"
        else:
            s += f"{u}_tx{i} = vector.maskedload %xv[{rows[i]}, %Kv], %kmask, %vz : {U2}, {MT}, {VT} into {VT}\n"
    for j in range(NR):
        if WT[0] == "bf16":
            s += f"{u}_tw{j}h = vector.maskedload %wv[{cols[j]}, %Kv], %kmask, %vzb : {U2B}, {MT}, {VB} into {VB}\n"
            s += f"{u}_tw{j} = arith.extf {u}_tw{j}h : {VB} to {VT}\n"
        else:
            s += f"{u}_tw{j} = vector.maskedload %wv[{cols[j]}, %Kv], %kmask, %vz : {U2}, {MT}, {VT} into {VT}\n"
    idx = 0
    for i in range(MR):
        for j in range(NR):
            s += f"{u}_g{i}_{j} = vector.fma {u}_tx{i}, {u}_tw{j}, {u}_res#{idx} : {VT}\n"
            s += f"{u}_s{i}_{j} = vector.reduction <add>, {u}_g{i}_{j} fastmath<reassoc, contract> : {VT} into f32\n"
            s += epi(i, j, f"{u}_s{i}_{j}", rows[i], cols[j])
            idx += 1
    return s

def epilogue(bias_load):
    def epi(i, j, v, row, col):
        u = fresh("e")
        return f"""{u}_b = scf.if %hb -> (f32) {{
{ind(bias_load(col, u + "_bl"), 2)}  scf.yield {u}_bl : f32
}} else {{
  scf.yield %f0 : f32
}}
{u}_p = scf.if %acc -> (f32) {{
  {u}_pl = memref.load %out[{row}, {col}] : $F2
  scf.yield {u}_pl : f32
}} else {{
  scf.yield %f0 : f32
}}
{u}_vb = arith.addf {v}, {u}_b : f32
{u}_o = arith.addf {u}_p, {u}_vb : f32
memref.store {u}_o, %out[{row}, {col}] : $F2
"""
    return epi

def block_epi(mlo, mhi, nlo, nhi, epi, tile=tile):
    """Tiled loops over rows [mlo, mhi) x columns [nlo, nhi) (fast path), MR x NR / MR x 1 /
    1 x NR1 / 1 x 1 register tiles (TILES; made by `tile`), each finished by
    epi(i, j, sumvalue, row, col)."""
    USES_TILES[0] = True
    (MR, NR), NR1 = TILES["main"], TILES["rowrem"]
    u = fresh("b")
    return f"""{u}_ms = arith.subi {mhi}, {mlo} : index
{u}_mr = arith.remui {u}_ms, %c{MR} : index
{u}_mf = arith.subi {mhi}, {u}_mr : index
{u}_ns = arith.subi {nhi}, {nlo} : index
{u}_nr4 = arith.remui {u}_ns, %c{NR} : index
{u}_nf4 = arith.subi {nhi}, {u}_nr4 : index
{u}_nr8 = arith.remui {u}_ns, %c{NR1} : index
{u}_nf8 = arith.subi {nhi}, {u}_nr8 : index
scf.for {u}_m = {mlo} to {u}_mf step %c{MR} {{
  scf.for {u}_n = {nlo} to {u}_nf4 step %c{NR} {{
{ind(tile(MR, NR, u + "_m", u + "_n", epi), 4)}  }}
  scf.for {u}_n1 = {u}_nf4 to {nhi} step %c1 {{
{ind(tile(MR, 1, u + "_m", u + "_n1", epi), 4)}  }}
}}
scf.for {u}_m1 = {u}_mf to {mhi} step %c1 {{
  scf.for {u}_n = {nlo} to {u}_nf8 step %c{NR1} {{
{ind(tile(1, NR1, u + "_m1", u + "_n", epi), 4)}  }}
  scf.for {u}_n1 = {u}_nf8 to {nhi} step %c1 {{
{ind(tile(1, 1, u + "_m1", u + "_n1", epi), 4)}  }}
}}
"""

def block(mlo, mhi, nlo, nhi, bias_load):
    """block_epi with matmul_nt's epilogue (bias, accumulate, store)."""
    return block_epi(mlo, mhi, nlo, nhi, epilogue(bias_load))

def wload(u, wm):
    """{u}_wv = the f32 weight element of the scalar loop (extended from bf16 for WT bf16)."""
    if WT[0] == "bf16":
        return f"{u}_wh = {wm(u + '_n', u + '_k')}\n      {u}_wv = arith.extf {u}_wh : bf16 to f32"
    return f"{u}_wv = {wm(u + '_n', u + '_k')}"

def xload(u, xm):
    """{u}_xv = the f32 x element of the scalar loop (extended from bf16 for XT bf16)."""
    if XT[0] == "bf16":
        return f"{u}_xh = memref.load {xm}[{u}_m, {u}_k] : $B2\n      {u}_xv = arith.extf {u}_xh : bf16 to f32"
    return f"{u}_xv = memref.load {xm}[{u}_m, {u}_k] : $F2"

def naive(mlo, mhi, nlo, nhi, xm, wm, bias_load):
    u = fresh("s")
    epi = epilogue(bias_load)
    return f"""scf.for {u}_m = {mlo} to {mhi} step %c1 {{
  scf.for {u}_n = {nlo} to {nhi} step %c1 {{
    {u}_d = scf.for {u}_k = %c0 to %K step %c1 iter_args({u}_a = %f0) -> (f32) {{
      {xload(u, xm)}
      {wload(u, wm)}
      {u}_a2 = math.fma {u}_xv, {u}_wv, {u}_a : f32
      scf.yield {u}_a2 : f32
    }}
{ind(epi(0, 0, u + "_d", u + "_m", u + "_n"), 4)}  }}
}}
"""

COMMON = """  %c4 = arith.constant 4 : index
  %c5 = arith.constant 5 : index
  %c6 = arith.constant 6 : index
  %c7 = arith.constant 7 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %c32 = arith.constant 32 : index
  %vz = arith.constant dense<0.0> : vector<16xf32>
  %hb = arith.cmpi ne, %has_bias, %i0 : i64
"""

# ---------------- matmul_nt ----------------
bias1 = lambda col, r: f"{r} = memref.load %bias[{col}] : $F1\n"
mm_body = COMMON + """  %acc = arith.cmpi ne, %accumulate, %i0 : i64
  %M = memref.dim %x, %c0 : $F2
  %K = memref.dim %x, %c1 : $F2
  %N = memref.dim %w, %c0 : $F2
  %NB0 = arith.addi %N, %c31 : index
  %NB = arith.divui %NB0, %c32 : index
""" + split("%NB", "%blo", "%bhi") + """  %Kr = arith.remui %K, %c16 : index
  %Kv = arith.subi %K, %Kr : index
  %kmask = vector.create_mask %Kr : vector<16xi1>
  %xb, %xo, %xsz:2, %xst:2 = memref.extract_strided_metadata %x : $F2 -> memref<f32>, index, index, index, index, index
  %wb, %wo, %wsz:2, %wst:2 = memref.extract_strided_metadata %w : $F2 -> memref<f32>, index, index, index, index, index
  %xu = arith.cmpi eq, %xst#1, %c1 : index
  %wu = arith.cmpi eq, %wst#1, %c1 : index
  %fast = arith.andi %xu, %wu : i1
  scf.if %fast {
    %xv = memref.reinterpret_cast %xb to offset: [%xo], sizes: [%M, %K], strides: [%xst#0, 1] : memref<f32> to U2
    %wv = memref.reinterpret_cast %wb to offset: [%wo], sizes: [%N, %K], strides: [%wst#0, 1] : memref<f32> to U2
    scf.for %jb = %blo to %bhi step %c1 {
      %nlo = arith.muli %jb, %c32 : index
      %nhi0 = arith.addi %nlo, %c32 : index
      %nhi = arith.minui %nhi0, %N : index
BLOCK    }
  } else {
    scf.for %jb = %blo to %bhi step %c1 {
      %nlo = arith.muli %jb, %c32 : index
      %nhi0 = arith.addi %nlo, %c32 : index
      %nhi = arith.minui %nhi0, %N : index
NAIVE    }
  }
"""
mm_template = mm_body
mm_body = mm_body.replace("U2", U2).replace("%c31", "%c31").replace("BLOCK", ind(block("%c0", "%M", "%nlo", "%nhi", bias1), 6)) \
    .replace("NAIVE", ind(naive("%c0", "%M", "%nlo", "%nhi", "%x", lambda n, k: f"memref.load %w[{n}, {k}] : $F2", bias1), 6))
mm_body = "  %c31 = arith.constant 31 : index\n" + mm_body
emit("matmul_nt", """matmul_nt: out[M, N] = (accumulate ? out : 0) + x[M, K] w[N, K]^T (+ bias[N]).
Work: ceil(N/32) column blocks of 32 split evenly over nwg; each workgroup does all M rows of
its blocks. Fast path (x and w unit stride along K, checked at run time): register tiles of
4 rows x 4 columns (16 vector<16xf32> accumulators, vector.fma along K), a 1 x 8 tile for the
remaining rows (M = 1 decode GEMV), 4 x 1 / 1 x 1 for the remaining columns; K % 16 tail by
masked loads; vector.reduction <add> at the end. Other strides: a scalar loop. out may be any
strided view (scalar stores).""",
 ["%x: $F2", "%w: $F2", "%bias: $F1", "%out: $F2", "%has_bias: i64", "%accumulate: i64"], mm_body)

# ---------------- grouped_matmul_nt ----------------
bias2 = lambda col, r: f"{r} = memref.load %bias[%e, {col}] : $F2\n"
gm_body = "  %c31 = arith.constant 31 : index\n" + COMMON + """  %acc = arith.constant false
  %R = memref.dim %x, %c0 : $F2
  %K = memref.dim %x, %c1 : $F2
  %E = memref.dim %w, %c0 : $F3
  %N = memref.dim %w, %c1 : $F3
  %NB0 = arith.addi %N, %c31 : index
  %NB = arith.divui %NB0, %c32 : index
  %NI = arith.muli %E, %NB : index
""" + split("%NI", "%ilo", "%ihi") + """  %Kr = arith.remui %K, %c16 : index
  %Kv = arith.subi %K, %Kr : index
  %kmask = vector.create_mask %Kr : vector<16xi1>
  %xb, %xo, %xsz:2, %xst:2 = memref.extract_strided_metadata %x : $F2 -> memref<f32>, index, index, index, index, index
  %wb, %wo, %wsz:3, %wst:3 = memref.extract_strided_metadata %w : $F3 -> memref<f32>, index, index, index, index, index, index, index
  %xu = arith.cmpi eq, %xst#1, %c1 : index
  %wu = arith.cmpi eq, %wst#2, %c1 : index
  %fast = arith.andi %xu, %wu : i1
  %xv = memref.reinterpret_cast %xb to offset: [%xo], sizes: [%R, %K], strides: [%xst#0, 1] : memref<f32> to U2
  scf.for %it = %ilo to %ihi step %c1 {
    %e = arith.divui %it, %NB : index
    %jb = arith.remui %it, %NB : index
    %e1 = arith.addi %e, %c1 : index
    %r032 = memref.load %offsets[%e] : $I32_1
    %r132 = memref.load %offsets[%e1] : $I32_1
    %mlo = arith.index_cast %r032 : i32 to index
    %mhi = arith.index_cast %r132 : i32 to index
    %nlo = arith.muli %jb, %c32 : index
    %nhi0 = arith.addi %nlo, %c32 : index
    %nhi = arith.minui %nhi0, %N : index
    scf.if %fast {
      %eo0 = arith.muli %e, %wst#0 : index
      %eo = arith.addi %wo, %eo0 : index
      %wv = memref.reinterpret_cast %wb to offset: [%eo], sizes: [%N, %K], strides: [%wst#1, 1] : memref<f32> to U2
BLOCK    } else {
NAIVE    }
  }
"""
gm_template = gm_body
gm_body = gm_body.replace("U2", U2).replace("BLOCK", ind(block("%mlo", "%mhi", "%nlo", "%nhi", bias2), 6)) \
    .replace("NAIVE", ind(naive("%mlo", "%mhi", "%nlo", "%nhi", "%x", lambda n, k: f"memref.load %w[%e, {n}, {k}] : $F3", bias2), 6))
emit("grouped_matmul_nt", """grouped_matmul_nt: for each expert e, rows offsets[e] <= r < offsets[e+1] of x[R, K] get
out[r, :] = x[r, :] w[e]^T (+ bias[e]) (out rows outside every range are not written).
Work: E * ceil(N/32) items (expert, 32-column block) split evenly over nwg. Same register-tiled
vector code as matmul_nt on the fast path (x and w unit stride along K), scalar otherwise.""",
 ["%x: $F2", "%w: $F3", "%bias: $F2", "%offsets: $I32_1", "%out: $F2", "%has_bias: i64"], gm_body)

print("mm ok")

# ---- attention ----
# Keys per block of the fast path: the scores of a block are computed first (their max taken
# once), then exponentiated into %sbuf, and out[t, h] is rescaled once per block and takes the
# block's KB value rows in registers.
KB = 16

GMAX = 16  # heads of one KV head per item of the fast path, at most

def scores(n, prefetch=False):
    """The scaled scores of keys %jb + %i + [0, n) of head %h into %sbuf, folded into the max %mx
    (yielded): n dot products side by side, each a vector<16xf32> FMA chain along the head dim
    then one reduction. With prefetch, also prefetches the K and V rows KB keys later (at most
    p), a cache line per 16 floats."""
    s = "".join(f"%j{k} = arith.addi %jb, %i : index\n" if k == 0 else
                f"%ik{k} = arith.addi %i, %c{k} : index\n%j{k} = arith.addi %jb, %ik{k} : index\n"
                for k in range(n))
    if prefetch:
        for k in range(n):
            s += f"%jq{k} = arith.addi %j{k}, %cKB : index\n%jn{k} = arith.minui %jq{k}, %p : index\n"
        s += "scf.for %d = %c0 to %DV step %c16 {\n"
        for k in range(n):
            s += f"  memref.prefetch %vv[%sl, %jn{k}, %kh, %d], read, locality<3>, data : {U4}\n"
        s += "}\n"
    acc = ", ".join(f"%a{k} = %vz" for k in range(n))
    tys = ", ".join([VT] * n)
    s += f"%da:{n} = scf.for %d = %c0 to %Dv step %c16 iter_args({acc}) -> ({tys}) {{\n"
    s += f"  %qa = vector.load %qv[%t, %h, %d] : {U3}, {VT}\n"
    for k in range(n) if prefetch else []:
        s += f"  memref.prefetch %kv[%sl, %jn{k}, %kh, %d], read, locality<3>, data : {U4}\n"
    for k in range(n):
        s += f"  %ka{k} = vector.load %kv[%sl, %j{k}, %kh, %d] : {U4}, {VT}\n"
        s += f"  %b{k} = vector.fma %qa, %ka{k}, %a{k} : {VT}\n"
    s += "  scf.yield " + ", ".join(f"%b{k}" for k in range(n)) + f" : {tys}\n}}\n"
    s += f"%dt:{n} = scf.if %ktail -> ({tys}) {{\n"
    s += f"  %qt = vector.maskedload %qv[%t, %h, %Dv], %kmask, %vz : {U3}, {MT}, {VT} into {VT}\n"
    for k in range(n):
        s += f"  %kt{k} = vector.maskedload %kv[%sl, %j{k}, %kh, %Dv], %kmask, %vz : {U4}, {MT}, {VT} into {VT}\n"
        s += f"  %e{k} = vector.fma %qt, %kt{k}, %da#{k} : {VT}\n"
    s += "  scf.yield " + ", ".join(f"%e{k}" for k in range(n)) + f" : {tys}\n}} else {{\n"
    s += "  scf.yield " + ", ".join(f"%da#{k}" for k in range(n)) + f" : {tys}\n}}\n"
    mx = "%mx"
    for k in range(n):
        s += f"""%dot{k} = vector.reduction <add>, %dt#{k} fastmath<reassoc, contract> : {VT} into f32
%sc{k} = arith.mulf %dot{k}, %scale : f32
%si{k} = arith.subi %j{k}, %jb : index
memref.store %sc{k}, %sbuf[%si{k}] : memref<{KB}xf32>
%mx{k} = arith.maximumf {mx}, %sc{k} : f32
"""
        mx = f"%mx{k}"
    return s + f"scf.yield {mx} : f32\n"

def score_loops(prefetch):
    """The block's scores: 4 keys at a time, then one by one; yields their max."""
    return f"""%bm4 = scf.for %i = %c0 to %nb4 step %c4 iter_args(%mx = %ninf) -> (f32) {{
{ind(scores(4, prefetch), 2)}}}
%bm1 = scf.for %i = %nb4 to %nb step %c1 iter_args(%mx = %bm4) -> (f32) {{
{ind(scores(1, prefetch), 2)}}}
scf.yield %bm1 : f32
"""

def vchunks(n):
    """out[t, h, %d + [0, 16n)] = alpha * out + sum over the block's keys of p_j v_j: n
    vector<16xf32> accumulators side by side, the keys in order."""
    s = ""
    for k in range(n):
        s += (f"%d{k} = arith.addi %d, %c{16 * k} : index\n" if k else "%d0 = arith.addi %d, %c0 : index\n")
        s += f"%o{k} = vector.load %ov[%t, %h, %d{k}] : {U3}, {VT}\n%oa{k} = arith.mulf %o{k}, %avec : {VT}\n"
    acc = ", ".join(f"%a{k} = %oa{k}" for k in range(n))
    tys = ", ".join([VT] * n)
    s += f"%u:{n} = scf.for %i = %c0 to %nb step %c1 iter_args({acc}) -> ({tys}) {{\n"
    s += f"""  %j = arith.addi %jb, %i : index
  %pj = memref.load %sbuf[%i] : memref<{KB}xf32>
  %pvec = vector.broadcast %pj : f32 to {VT}
"""
    for k in range(n):
        s += f"  %vv{k} = vector.load %vv[%sl, %j, %kh, %d{k}] : {U4}, {VT}\n"
        s += f"  %b{k} = vector.fma %pvec, %vv{k}, %a{k} : {VT}\n"
    s += "  scf.yield " + ", ".join(f"%b{k}" for k in range(n)) + f" : {tys}\n}}\n"
    for k in range(n):
        s += f"vector.store %u#{k}, %ov[%t, %h, %d{k}] : {U3}, {VT}\n"
    return s

def item_grouped():
    """The unit-stride path's item: token %t, heads [%h0, %h0 + %ng) of KV head %kh, keys in
    blocks of KB; each block's K and V rows are read by every head of the group while cached.
    Each head's operations and their order do not depend on the group."""
    return f"""// each head's softmax state (max, denominator), seeded with the sink logit; out zeroed
scf.for %hi = %c0 to %ng step %c1 {{
  %h = arith.addi %h0, %hi : index
  %m0, %l0 = scf.if %hs -> (f32, f32) {{
    %sk = memref.load %sinks[%h] : $F1
    scf.yield %sk, %f1 : f32, f32
  }} else {{
    scf.yield %ninf, %f0 : f32, f32
  }}
  memref.store %m0, %mbuf[%hi] : memref<{GMAX}xf32>
  memref.store %l0, %lbuf[%hi] : memref<{GMAX}xf32>
  scf.for %d = %c0 to %DVv step %c16 {{
    vector.store %vz, %ov[%t, %h, %d] : {U3}, {VT}
  }}
  vector.maskedstore %ov[%t, %h, %DVv], %vmask, %vz : {U3}, {MT}, {VT}
}}
scf.for %jb = %lo to %p1 step %cKB {{
  %je0 = arith.addi %jb, %cKB : index
  %je = arith.minui %je0, %p1 : index
  %nb = arith.subi %je, %jb : index
  scf.for %hi = %c0 to %ng step %c1 {{
    %h = arith.addi %h0, %hi : index
    %m = memref.load %mbuf[%hi] : memref<{GMAX}xf32>
    %l = memref.load %lbuf[%hi] : memref<{GMAX}xf32>
    // the block's scores into %sbuf (4 keys at a time, then one by one), and their max; the
    // group's first head also prefetches the K and V rows of the next block
    %nbr = arith.remui %nb, %c4 : index
    %nb4 = arith.subi %nb, %nbr : index
    %first = arith.cmpi eq, %hi, %c0 : index
    %bm = scf.if %first -> (f32) {{
{ind(score_loops(True), 6)}    }} else {{
{ind(score_loops(False), 6)}    }}
    %mn = arith.maximumf %m, %bm : f32
    %dm = arith.subf %m, %mn : f32
    %alpha = math.exp %dm : f32
    // p_j = exp(s_j - max) in place, and their sum
    %ps = scf.for %i = %c0 to %nb step %c1 iter_args(%su = %f0) -> (f32) {{
      %sc = memref.load %sbuf[%i] : memref<{KB}xf32>
      %ds = arith.subf %sc, %mn : f32
      %pj = math.exp %ds : f32
      memref.store %pj, %sbuf[%i] : memref<{KB}xf32>
      %su2 = arith.addf %su, %pj : f32
      scf.yield %su2 : f32
    }}
    %la = arith.mulf %l, %alpha : f32
    %ln = arith.addf %la, %ps : f32
    memref.store %mn, %mbuf[%hi] : memref<{GMAX}xf32>
    memref.store %ln, %lbuf[%hi] : memref<{GMAX}xf32>
    // out[t, h] = alpha * out[t, h] + sum_j p_j v_j: 64 columns at a time, then 16
    %avec = vector.broadcast %alpha : f32 to {VT}
    scf.for %d = %c0 to %DV64 step %c64 {{
{ind(vchunks(4), 6)}    }}
    scf.for %d = %DV64 to %DVv step %c16 {{
{ind(vchunks(1), 6)}    }}
    scf.if %vtail {{
      %ot = vector.maskedload %ov[%t, %h, %DVv], %vmask, %vz : {U3}, {MT}, {VT} into {VT}
      %ota = arith.mulf %ot, %avec : {VT}
      %ot2 = scf.for %i = %c0 to %nb step %c1 iter_args(%a = %ota) -> ({VT}) {{
        %j = arith.addi %jb, %i : index
        %pj = memref.load %sbuf[%i] : memref<{KB}xf32>
        %pvec = vector.broadcast %pj : f32 to {VT}
        %vt = vector.maskedload %vv[%sl, %j, %kh, %DVv], %vmask, %vz : {U4}, {MT}, {VT} into {VT}
        %a2 = vector.fma %pvec, %vt, %a : {VT}
        scf.yield %a2 : {VT}
      }}
      vector.maskedstore %ov[%t, %h, %DVv], %vmask, %ot2 : {U3}, {MT}, {VT}
    }}
  }}
}}
// out[t, h] /= denominator
scf.for %hi = %c0 to %ng step %c1 {{
  %h = arith.addi %h0, %hi : index
  %l = memref.load %lbuf[%hi] : memref<{GMAX}xf32>
  %inv = arith.divf %f1, %l : f32
  %iv = vector.broadcast %inv : f32 to {VT}
  scf.for %d = %c0 to %DVv step %c16 {{
    %o = vector.load %ov[%t, %h, %d] : {U3}, {VT}
    %o2 = arith.mulf %o, %iv : {VT}
    vector.store %o2, %ov[%t, %h, %d] : {U3}, {VT}
  }}
  %ot = vector.maskedload %ov[%t, %h, %DVv], %vmask, %vz : {U3}, {MT}, {VT} into {VT}
  %ot2 = arith.mulf %ot, %iv : {VT}
  vector.maskedstore %ov[%t, %h, %DVv], %vmask, %ot2 : {U3}, {MT}, {VT}
}}
"""

def item_scalar():
    """Per (t, h) body of the strided path: scalar loads and stores, key by key."""
    return """scf.for %s_z = %c0 to %DV step %c1 {
  memref.store %f0, %out[%t, %h, %s_z] : $F3
}
%s_ml:2 = scf.for %j = %lo to %p1 step %c1 iter_args(%m = %m0, %l = %l0) -> (f32, f32) {
  %dot = scf.for %d = %c0 to %D step %c1 iter_args(%a = %f0) -> (f32) {
    %qa = memref.load %q[%t, %h, %d] : $F3
    %ka = memref.load %kc[%sl, %j, %kh, %d] : $F4
    %a2 = math.fma %qa, %ka, %a fastmath<reassoc, contract> : f32
    scf.yield %a2 : f32
  }
  %sc = arith.mulf %dot, %scale : f32
  %mn = arith.maximumf %m, %sc : f32
  %dm = arith.subf %m, %mn : f32
  %alpha = math.exp %dm : f32
  %ds = arith.subf %sc, %mn : f32
  %pj = math.exp %ds : f32
  %la = arith.mulf %l, %alpha : f32
  %ln = arith.addf %la, %pj : f32
  scf.for %d = %c0 to %DV step %c1 {
    %o = memref.load %out[%t, %h, %d] : $F3
    %vv1 = memref.load %vc[%sl, %j, %kh, %d] : $F4
    %oa = arith.mulf %o, %alpha : f32
    %o2 = math.fma %pj, %vv1, %oa : f32
    memref.store %o2, %out[%t, %h, %d] : $F3
  }
  scf.yield %mn, %ln : f32, f32
}
%s_inv = arith.divf %f1, %s_ml#1 : f32
scf.for %d = %c0 to %DV step %c1 {
  %o = memref.load %out[%t, %h, %d] : $F3
  %o2 = arith.mulf %o, %s_inv : f32
  memref.store %o2, %out[%t, %h, %d] : $F3
}
"""

def meta(name, rank, ty):
    idx = ", ".join(["index"] * (2 * rank + 1))
    return f"  %{name}b, %{name}o, %{name}sz:{rank}, %{name}st:{rank} = memref.extract_strided_metadata %{name} : {ty} -> memref<f32>, {idx}\n"
def rc(name, rank, sizes, ut):
    st = ", ".join([f"%{name}st#{i}" for i in range(rank - 1)] + ["1"])
    sz = ", ".join(f"%{name}sz#{i}" for i in range(rank))
    return f"%{name}v = memref.reinterpret_cast %{name}b to offset: [%{name}o], sizes: [{sz}], strides: [{st}] : memref<f32> to {ut}\n"

at_body = f"""  %c16 = arith.constant 16 : index
  %cKB = arith.constant {KB} : index
  %c4 = arith.constant 4 : index
  %c32 = arith.constant 32 : index
  %c48 = arith.constant 48 : index
  %c64 = arith.constant 64 : index
  %cGM = arith.constant {GMAX} : index
  %sbuf = memref.alloca() : memref<{KB}xf32>
  %mbuf = memref.alloca() : memref<{GMAX}xf32>
  %lbuf = memref.alloca() : memref<{GMAX}xf32>
  %vz = arith.constant dense<0.0> : vector<16xf32>
  %ninf = arith.constant 0xFF800000 : f32
  %T = memref.dim %q, %c0 : $F3
  %NH = memref.dim %q, %c1 : $F3
  %D = memref.dim %q, %c2 : $F3
  %NKV = memref.dim %kc, %c2 : $F4
  %DV = memref.dim %vc, %c3 : $F4
  %rep = arith.divui %NH, %NKV : index
  %Dr = arith.remui %D, %c16 : index
  %Dv = arith.subi %D, %Dr : index
  %kmask = vector.create_mask %Dr : vector<16xi1>
  %DVr = arith.remui %DV, %c16 : index
  %DVv = arith.subi %DV, %DVr : index
  %DVr64 = arith.remui %DV, %c64 : index
  %DV64 = arith.subi %DV, %DVr64 : index
  %vmask = vector.create_mask %DVr : vector<16xi1>
  %ktail = arith.cmpi ne, %Dr, %c0 : index
  %vtail = arith.cmpi ne, %DVr, %c0 : index
  %hs = arith.cmpi ne, %has_sinks, %i0 : i64
  %win = arith.cmpi sgt, %window, %i0 : i64
  %chk = arith.cmpi sgt, %chunk, %i0 : i64
  %winx = arith.index_cast %window : i64 to index
  %chunkx = arith.index_cast %chunk : i64 to index
""" + meta("q", 3, "$F3") + meta("kc", 4, "$F4") + meta("vc", 4, "$F4") + meta("out", 3, "$F3") + """  %u1 = arith.cmpi eq, %qst#2, %c1 : index
  %u2 = arith.cmpi eq, %kcst#3, %c1 : index
  %u3 = arith.cmpi eq, %vcst#3, %c1 : index
  %u4 = arith.cmpi eq, %outst#2, %c1 : index
  %u12 = arith.andi %u1, %u2 : i1
  %u34 = arith.andi %u3, %u4 : i1
  %fast = arith.andi %u12, %u34 : i1
""" + ind(rc("q", 3, None, U3).replace("%qv", "%qv") + rc("kc", 4, None, U4).replace("%kcv", "%kv") + rc("vc", 4, None, U4).replace("%vcv", "%vv") + rc("out", 3, None, U3).replace("%outv", "%ov"), 2) + """  %NI = arith.muli %T, %NH : index
""" + """  scf.if %fast {
    // heads per item: G = clamp(ceil(T*NH / nwg), 1, min(rep, GMAX)), so that every
    // workgroup has a share while the heads of a KV head read its keys together
    %g0 = arith.ceildivui %NI, %nwg : index
    %g1 = arith.minui %g0, %rep : index
    %g2 = arith.minui %g1, %cGM : index
    %G = arith.maxui %g2, %c1 : index
    %NG = arith.ceildivui %rep, %G : index
    %KG = arith.muli %NKV, %NG : index
    %NIg = arith.muli %T, %KG : index
""" + ind(split("%NIg", "%ilo", "%ihi"), 2) + """    scf.for %it = %ilo to %ihi step %c1 {
      %t = arith.divui %it, %KG : index
      %r = arith.remui %it, %KG : index
      %kh = arith.divui %r, %NG : index
      %g = arith.remui %r, %NG : index
      %hk = arith.muli %kh, %rep : index
      %hg = arith.muli %g, %G : index
      %h0 = arith.addi %hk, %hg : index
      %he0 = arith.addi %h0, %G : index
      %he1 = arith.addi %hk, %rep : index
      %h1 = arith.minui %he0, %he1 : index
      %ng = arith.subi %h1, %h0 : index
TOKEN6VEC    }
  } else {
""" + ind(split("%NI", "%ilo", "%ihi"), 2) + """    scf.for %it = %ilo to %ihi step %c1 {
      %t = arith.divui %it, %NH : index
      %h = arith.remui %it, %NH : index
      %kh = arith.divui %h, %rep : index
TOKEN6      // online softmax state (max, denominator), seeded with the sink logit
      %m0, %l0 = scf.if %hs -> (f32, f32) {
        %sk = memref.load %sinks[%h] : $F1
        scf.yield %sk, %f1 : f32, f32
      } else {
        scf.yield %ninf, %f0 : f32, f32
      }
SCA    }
  }
"""
TOKEN = """%p64 = memref.load %positions[%t] : $I64_1
%s64 = memref.load %slots[%t] : $I64_1
%p = arith.index_cast %p64 : i64 to index
%sl = arith.index_cast %s64 : i64 to index
%p1 = arith.addi %p, %c1 : index
// lo = max(0, p - window + 1) if window > 0; lo >= (p / chunk) * chunk if chunk > 0
%pw = arith.subi %p1, %winx : index
%pwc = arith.maxsi %pw, %c0 : index
%lo1 = arith.select %win, %pwc, %c0 : index
%chd = arith.select %chk, %chunkx, %c1 : index
%pc0 = arith.divui %p, %chd : index
%pc = arith.muli %pc0, %chd : index
%lo2 = arith.maxsi %lo1, %pc : index
%lo = arith.select %chk, %lo2, %lo1 : index
"""
at_body = (at_body.replace("TOKEN6", ind(TOKEN, 6)).replace("VEC", ind(item_grouped(), 6))
           .replace("SCA", ind(item_scalar(), 6)))
emit("attention", """attention: for token t, head h (kv head h / (NH/NKV)), p = positions[t], s = slots[t]:
keys j in [lo, p] of cache slot s (lo = max(0, p-window+1) if window > 0, and >= (p/chunk)*chunk
if chunk > 0); out[t, h] = softmax_j(scale * q.k_j) . v_j, the sink logit sinks[h] counted in the
max and the denominator when has_sinks. One pass with an online (rescaled) softmax that
accumulates straight into out[t, h, :].
Fast path (unit stride along the head dim of q, kc, vc, out): items (token, KV head, group
of G of its query heads), G = clamp(ceil(T*NH / nwg), 1, min(NH/NKV, 16)), split evenly over
nwg; keys in blocks of 16, each block taken by every head of the group in turn while its K and
V rows are in cache: the head's scores (vector<16xf32> dot products with masked tails, skipped
when the head dims are multiples of 16: a bf16 masked load is scalarized on x86) and their max,
then exp(s - max) into a 16-float stack buffer, then each 16-column chunk of out[t, h] rescaled
once and updated by the block's value rows in a register (one exp per key plus one per block,
one load/store of out per block); the group's first head prefetches the next block's K and
V rows (memref.prefetch). A head's operations and their order do not depend on G or nwg.
Other strides: T*NH (token, head) items split evenly over nwg, scalar, key by key.""",
 ["%q: $F3", "%kc: $F4", "%vc: $F4", "%positions: $I64_1", "%slots: $I64_1", "%sinks: $F1", "%out: $F3",
  "%scale: f32", "%window: i64", "%chunk: i64", "%has_sinks: i64"], at_body)
print("att ok")

# ---- MLA: head_matmul / mla_expand (reuse the matmul register tiles with custom epilogues) ----
MLA_CONST = """  %c4 = arith.constant 4 : index
  %c5 = arith.constant 5 : index
  %c6 = arith.constant 6 : index
  %c7 = arith.constant 7 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %c31 = arith.constant 31 : index
  %c32 = arith.constant 32 : index
  %vz = arith.constant dense<0.0> : vector<16xf32>
"""

# ---------------- head_matmul ----------------
hm_epi = lambda i, j, v, row, col: f"memref.store {v}, %out[{row}, %h, {col}] : $F3\n"
hm_body = MLA_CONST + """  %T = memref.dim %x, %c0 : $F3
  %NH = memref.dim %x, %c1 : $F3
  %K = memref.dim %x, %c2 : $F3
  %N = memref.dim %w, %c1 : $F3
  %NB0 = arith.addi %N, %c31 : index
  %NB = arith.divui %NB0, %c32 : index
  %NI = arith.muli %NH, %NB : index
""" + split("%NI", "%ilo", "%ihi") + """  %Kr = arith.remui %K, %c16 : index
  %Kv = arith.subi %K, %Kr : index
  %kmask = vector.create_mask %Kr : vector<16xi1>
""" + meta("x", 3, "$F3") + meta("w", 3, "$F3") + """  %xu = arith.cmpi eq, %xst#2, %c1 : index
  %wu = arith.cmpi eq, %wst#2, %c1 : index
  %fast = arith.andi %xu, %wu : i1
  scf.for %it = %ilo to %ihi step %c1 {
    %h = arith.divui %it, %NB : index
    %jb = arith.remui %it, %NB : index
    %nlo = arith.muli %jb, %c32 : index
    %nhi0 = arith.addi %nlo, %c32 : index
    %nhi = arith.minui %nhi0, %N : index
    scf.if %fast {
      %xho0 = arith.muli %h, %xst#1 : index
      %xho = arith.addi %xo, %xho0 : index
      %xv = memref.reinterpret_cast %xb to offset: [%xho], sizes: [%T, %K], strides: [%xst#0, 1] : memref<f32> to U2
      %who0 = arith.muli %h, %wst#0 : index
      %who = arith.addi %wo, %who0 : index
      %wv = memref.reinterpret_cast %wb to offset: [%who], sizes: [%N, %K], strides: [%wst#1, 1] : memref<f32> to U2
BLOCK    } else {
      scf.for %t = %c0 to %T step %c1 {
        scf.for %n = %nlo to %nhi step %c1 {
          %d = scf.for %k = %c0 to %K step %c1 iter_args(%a = %f0) -> (f32) {
            %xs = memref.load %x[%t, %h, %k] : $F3
            %ws = memref.load %w[%h, %n, %k] : $F3
            %a2 = math.fma %xs, %ws, %a : f32
            scf.yield %a2 : f32
          }
          memref.store %d, %out[%t, %h, %n] : $F3
        }
      }
    }
  }
"""
hm_body = hm_body.replace("U2", U2).replace("BLOCK", ind(block_epi("%c0", "%T", "%nlo", "%nhi", hm_epi), 6))
emit("head_matmul", """head_matmul: per-head batched matmul (MLA q_nope . W_UK absorption, o . W_UV):
out[t, h, n] = sum_k x[t, h, k] * w[h, n, k] for x[T, NH, K], w[NH, N, K], out[T, NH, N].
Work: NH * ceil(N/32) items (head, 32-column block) split evenly over nwg; each workgroup does
all T rows of its items, so every output is computed by one workgroup in a fixed order. Fast
path (x and w unit stride along K, checked at run time; x may be a strided view, e.g. the
first K of each head's K+R query entries): matmul_nt's register tiles on per-head 2-D views
(vector<16xf32> vector.fma along K, masked K % 16 tail, vector.reduction <add> at the end).
Other strides: a scalar loop. out may be any strided view (scalar stores); it must not alias
x or w.""",
 ["%x: $F3", "%w: $F3", "%out: $F3"], hm_body)

# ---------------- mla_expand ----------------
def me_epilogue(i, j, v, row, col):
    u = fresh("x")
    return f"""{u}_h = arith.divui {col}, %DD : index
{u}_d = arith.remui {col}, %DD : index
{u}_k = arith.cmpi ult, {u}_d, %DN : index
scf.if {u}_k {{
  memref.store {v}, %kx[%s, {row}, {u}_h, {u}_d] : $F4
}} else {{
  {u}_e = arith.subi {u}_d, %DN : index
  memref.store {v}, %vx[%s, {row}, {u}_h, {u}_e] : $F4
}}
"""

me_body = MLA_CONST + """  %im1 = arith.constant -1 : i64
  %i1 = arith.constant 1 : i64
  %T = memref.dim %positions, %c0 : $I64_1
  %C = memref.dim %kv, %c1 : $F4
  %LR = memref.dim %kv, %c3 : $F4
  %L = memref.dim %w, %c1 : $F2
  %R = arith.subi %LR, %L : index
  %DV = memref.dim %vx, %c3 : $F4
  %DNR = memref.dim %kx, %c3 : $F4
  %DN = arith.subi %DNR, %R : index
  %NH = memref.dim %kx, %c2 : $F4
  %DD = arith.addi %DN, %DV : index
  %NW = arith.muli %NH, %DD : index
  %Kr = arith.remui %L, %c16 : index
  %Kv = arith.subi %L, %Kr : index
  %kmask = vector.create_mask %Kr : vector<16xi1>
""" + meta("kv", 4, "$F4") + meta("w", 2, "$F2") + """  %ku = arith.cmpi eq, %kvst#3, %c1 : index
  %wu = arith.cmpi eq, %wst#1, %c1 : index
  %fast = arith.andi %ku, %wu : i1
  %wv = memref.reinterpret_cast %wb to offset: [%wo], sizes: [%NW, %L], strides: [%wst#0, 1] : memref<f32> to U2
""" + split("%T") + """  scf.for %t = %lo to %hi step %c1 {
""" + SLOT_ROWS + """    scf.if %fast {
      %so0 = arith.muli %s, %kvst#0 : index
      %so = arith.addi %kvo, %so0 : index
      %xv = memref.reinterpret_cast %kvb to offset: [%so], sizes: [%C, %L], strides: [%kvst#1, 1] : memref<f32> to U2
BLOCK    } else {
      scf.for %j = %jlo to %jhi step %c1 {
        scf.for %r = %c0 to %NW step %c1 {
          %dot = scf.for %k = %c0 to %L step %c1 iter_args(%a = %f0) -> (f32) {
            %kvs = memref.load %kv[%s, %j, %c0, %k] : $F4
            %ws = memref.load %w[%r, %k] : $F2
            %a2 = math.fma %kvs, %ws, %a : f32
            scf.yield %a2 : f32
          }
EPI        }
      }
    }
    // the rope part of the keys: kx[s, j, h, DN + i] = kv[s, j, 0, L + i]
    scf.for %j = %jlo to %jhi step %c1 {
      scf.for %hh = %c0 to %NH step %c1 {
        scf.for %i = %c0 to %R step %c1 {
          %li = arith.addi %L, %i : index
          %di = arith.addi %DN, %i : index
          %rv = memref.load %kv[%s, %j, %c0, %li] : $F4
          memref.store %rv, %kx[%s, %j, %hh, %di] : $F4
        }
      }
    }
  }
"""
me_body = me_body.replace("U2", U2).replace("BLOCK", ind(block_epi("%jlo", "%jhi", "%c0", "%NW", me_epilogue), 6)) \
    .replace("EPI", ind(me_epilogue(0, 0, "%dot", "%j", "%r"), 10))
emit("mla_expand", """mla_expand: MLA "naive" prefill: expands the latent KV cache kv[S, C, 1, L+R] (per slot and
position: L latent values, then R rope-key values) through kv_b_proj w[NH*(DN+DV), L] ([out, in];
rows h*(DN+DV) .. +DN are head h's key rows, the next DV its value rows) into per-head caches
kx[S, C, NH, DN+R] and vx[S, C, NH, DV]. For every slot s in slots and every position j in
[0, max{positions[t] : slots[t] = s}]: kx[s, j, h, d] = w[h*(DN+DV) + d, :] . kv[s, j, 0, 0:L]
(d < DN), kx[s, j, h, DN + i] = kv[s, j, 0, L + i] (i < R), vx[s, j, h, e] =
w[h*(DN+DV) + DN + e, :] . kv[s, j, 0, 0:L]. Other entries of kx/vx are untouched.
Sizes from dims: L = dim(w, 1), R = dim(kv, 3) - L, DV = dim(vx, 3), DN = dim(kx, 3) - R,
NH = dim(kx, 2).
Work: T tokens split evenly over nwg. Token t expands the rows (m_t, positions[t]] of slot
s = slots[t], where m_t = max(-1, max{positions[t'] : t' < t, slots[t'] = s}); so every needed
row is expanded exactly once (by one workgroup, with the same code) whatever the token order or
nwg. Fast path (kv and w unit stride along the last dim): matmul_nt's register tiles over
(positions, w rows) (vector<16xf32> vector.fma along L, masked L % 16 tail, vector.reduction
<add> at the end). Other strides: a scalar loop. kx and vx may be any strided views (scalar
stores) and must not alias kv or w.""",
 ["%kv: $F4", "%w: $F2", "%positions: $I64_1", "%slots: $I64_1", "%kx: $F4", "%vx: $F4"], me_body)
print("mla ok")

# ---------------- bf16-weight variants (moe-weights-to-bf16) ----------------
def to_wbf16(body, w_rank):
    """The f32 body with w read as bf16: w's dim/metadata types, the unit-stride view UB2."""
    F = "$F2" if w_rank == 2 else "$F3"
    B = "$B2" if w_rank == 2 else "$B3"
    out = body.replace(f"memref.dim %w, %c0 : {F}", f"memref.dim %w, %c0 : {B}")
    out = out.replace(f"memref.dim %w, %c1 : {F}", f"memref.dim %w, %c1 : {B}")
    out = out.replace(f"extract_strided_metadata %w : {F} -> memref<f32>", f"extract_strided_metadata %w : {B} -> memref<bf16>")
    out = re.sub(r"(%wv = memref.reinterpret_cast %wb to [^\n]*): memref<f32> to U2", r"\1: memref<bf16> to UB2", out)
    return out.replace("  %vz = arith.constant dense<0.0> : vector<16xf32>\n",
                       "  %vz = arith.constant dense<0.0> : vector<16xf32>\n  %vzb = arith.constant dense<0.0> : vector<16xbf16>\n")

WT[0] = "bf16"
mmb = to_wbf16(mm_template, 2).replace("UB2", U2B).replace("U2", U2).replace("BLOCK", ind(block("%c0", "%M", "%nlo", "%nhi", bias1), 6)) \
    .replace("NAIVE", ind(naive("%c0", "%M", "%nlo", "%nhi", "%x", lambda n, k: f"memref.load %w[{n}, {k}] : $B2", bias1), 6))
emit("matmul_nt_wbf16", """matmul_nt_wbf16: matmul_nt with a bf16 weight (moe-weights-to-bf16): out[M, N] =
(accumulate ? out : 0) + x[M, K] f32(w[N, K])^T (+ bias[N]). The same work split and register tiles
as matmul_nt; w is loaded as vector<16xbf16> and extended to f32 before the f32 FMAs, so the
result equals matmul_nt on the weights rounded to bf16.""",
 ["%x: $F2", "%w: $B2", "%bias: $F1", "%out: $F2", "%has_bias: i64", "%accumulate: i64"],
 "  %c31 = arith.constant 31 : index\n" + mmb)
gmb = to_wbf16(gm_template, 3).replace("UB2", U2B).replace("U2", U2).replace("BLOCK", ind(block("%mlo", "%mhi", "%nlo", "%nhi", bias2), 6)) \
    .replace("NAIVE", ind(naive("%mlo", "%mhi", "%nlo", "%nhi", "%x", lambda n, k: f"memref.load %w[%e, {n}, {k}] : $B3", bias2), 6))
emit("grouped_matmul_nt_wbf16", """grouped_matmul_nt_wbf16: grouped_matmul_nt with bf16 expert weights (moe-weights-to-bf16):
out[r, :] = x[r, :] f32(w[e])^T (+ bias[e]) for rows offsets[e] <= r < offsets[e+1]. The same work
split and register tiles as grouped_matmul_nt, w loaded as bf16 and extended to f32.""",
 ["%x: $F2", "%w: $B3", "%bias: $F2", "%offsets: $I32_1", "%out: $F2", "%has_bias: i64"], gmb)
WT[0] = "f32"
print("wbf16 ok")

# ---------------- bf16-activation expert kernels (moe-experts-to-bf16) ----------------
# x (and the SwiGLU output) in bf16, weights in bf16, f32 accumulation: what the Hopper templates
# (lowering/kernels/gpu/) compute. The register tiles are the f32 ones with x and w loaded as bf16
# and extended, so every f32 sum is bitwise grouped_matmul_nt_wbf16's on x rounded to bf16.
# f32 -> bf16 by integer ops, nearest even, NaNs kept quiet: the runtime's rounding of weights.
BF16_CONST = """  %rb_abs = arith.constant 2147483647 : i32
  %rb_inf = arith.constant 2139095040 : i32
  %rb_q = arith.constant 4194304 : i32
  %rb_h = arith.constant 32767 : i32
  %rb_16 = arith.constant 16 : i32
  %rb_1 = arith.constant 1 : i32
"""
def round_bf16(v, h):
    """Text rounding the f32 value v to the bf16 value h (needs BF16_CONST)."""
    u = fresh("q")
    return f"""{u}_b = arith.bitcast {v} : f32 to i32
{u}_a = arith.andi {u}_b, %rb_abs : i32
{u}_nan = arith.cmpi ugt, {u}_a, %rb_inf : i32
{u}_l0 = arith.shrui {u}_b, %rb_16 : i32
{u}_l = arith.andi {u}_l0, %rb_1 : i32
{u}_bias = arith.addi {u}_l, %rb_h : i32
{u}_r = arith.addi {u}_b, {u}_bias : i32
{u}_qn = arith.ori {u}_b, %rb_q : i32
{u}_s = arith.select {u}_nan, {u}_qn, {u}_r : i32
{u}_hi = arith.shrui {u}_s, %rb_16 : i32
{u}_t = arith.trunci {u}_hi : i32 to i16
{h} = arith.bitcast {u}_t : i16 to bf16
"""

emit("to_bf16", """to_bf16: out[R, C] = bf16(x[R, C]), rounded to nearest even (NaNs stay quiet NaNs), as the
runtime rounds bf16 weights. Feeds the bf16-activation expert kernels (moe-experts-to-bf16).
Work: rows split evenly over nwg.""", ["%x: $F2", "%out: $B2"], BF16_CONST + """  %R = memref.dim %x, %c0 : $F2
  %C = memref.dim %x, %c1 : $F2
""" + split("%R") + """  scf.for %r = %lo to %hi step %c1 {
    scf.for %c = %c0 to %C step %c1 {
      %v = memref.load %x[%r, %c] : $F2
""" + ind(round_bf16("%v", "%h"), 6) + """      memref.store %h, %out[%r, %c] : $B2
    }
  }
""")

def x_to_bf16(body):
    """A matmul body (after to_wbf16) with x read as bf16 too: its dims, metadata and the
    unit-stride view %xv."""
    for old, new in [("memref.dim %x, %c0 : $F2", "memref.dim %x, %c0 : $B2"),
                     ("memref.dim %x, %c1 : $F2", "memref.dim %x, %c1 : $B2"),
                     ("extract_strided_metadata %x : $F2 -> memref<f32>",
                      "extract_strided_metadata %x : $B2 -> memref<bf16>"),
                     ("strides: [%xst#0, 1] : memref<f32> to U2", "strides: [%xst#0, 1] : memref<bf16> to UB2")]:
        assert body.count(old) == 1, old
        body = body.replace(old, new)
    return body

def grouped_bf16(swiglu):
    """Body of grouped_matmul_nt_bf16 (out f32) or, with swiglu, grouped_swiglu_nt_bf16:
    grouped_matmul_nt's (gm_template) with x read as bf16 like w, no bias, and for swiglu the up
    weight wu's metadata, unit-stride check and per-expert view beside w's."""
    body = x_to_bf16(to_wbf16(gm_template, 3))
    def once(old, new):
        nonlocal body
        assert body.count(old) == 1, old
        body = body.replace(old, new)
    once("  %hb = arith.cmpi ne, %has_bias, %i0 : i64\n", BF16_CONST if swiglu else "")
    once("  %acc = arith.constant false\n", "")
    # %wu is the up weight's name here: the unit-stride flag of w becomes %wu1.
    once("  %wu = arith.cmpi eq, %wst#2, %c1 : index\n  %fast = arith.andi %xu, %wu : i1\n",
         "  %wu1 = arith.cmpi eq, %wst#2, %c1 : index\n" + ("""  %ub, %uo, %usz:3, %ust:3 = memref.extract_strided_metadata %wu : $B3 -> memref<bf16>, index, index, index, index, index, index, index
  %uu = arith.cmpi eq, %ust#2, %c1 : index
  %fast0 = arith.andi %xu, %wu1 : i1
  %fast = arith.andi %fast0, %uu : i1
""" if swiglu else "  %fast = arith.andi %xu, %wu1 : i1\n"))
    if swiglu:
        once("memref<bf16> to UB2\nBLOCK", """memref<bf16> to UB2
      %ueo0 = arith.muli %e, %ust#0 : index
      %ueo = arith.addi %uo, %ueo0 : index
      %wuv = memref.reinterpret_cast %ub to offset: [%ueo], sizes: [%N, %K], strides: [%ust#1, 1] : memref<bf16> to UB2
BLOCK""")
    return body

def silu_store(g, v, row, col):
    """bf16(silu(g) * v) stored to out[row, col] (swiglu's unclamped arithmetic)."""
    u = fresh("a")
    return f"""{u}_ng = arith.negf {g} : f32
{u}_ex = math.exp {u}_ng : f32
{u}_den = arith.addf %f1, {u}_ex : f32
{u}_sg = arith.divf {g}, {u}_den : f32
{u}_y = arith.mulf {u}_sg, {v} : f32
""" + round_bf16(f"{u}_y", f"{u}_h") + f"""memref.store {u}_h, %out[{row}, {col}] : $B2
"""

def tile_swiglu(MR, NR, m, n, _epi):
    """The gate tile (w) then the up tile (wu) over the same rows and columns; the up tile's
    epilogue combines the two sums of each output."""
    gate = {}
    def record(i, j, v, row, col):
        gate[(i, j)] = v
        return ""
    text = tile(MR, NR, m, n, record)
    up = tile(MR, NR, m, n, lambda i, j, v, row, col: silu_store(gate[(i, j)], v, row, col))
    return text + up.replace("%wv[", "%wuv[")

def naive_bf16(swiglu):
    u = fresh("s")
    def load(src, idx, v):
        return f"{v}h = memref.load {src}[{idx}] : {'$B2' if src == '%x' else '$B3'}\n{v} = arith.extf {v}h : bf16 to f32\n"
    acc = f"{u}_a2 = math.fma {u}_xv, {u}_wv, {u}_a : f32\n"
    if swiglu:
        acc += f"{u}_b2 = math.fma {u}_xv, {u}_uv, {u}_b : f32\n"
    loop = f"{u}_d" + (f", {u}_du" if swiglu else "") + f" = scf.for {u}_k = %c0 to %K step %c1 iter_args({u}_a = %f0" + \
        (f", {u}_b = %f0) -> (f32, f32) {{\n" if swiglu else ") -> (f32) {\n")
    body = load("%x", f"{u}_m, {u}_k", f"{u}_xv") + load("%w", f"%e, {u}_n, {u}_k", f"{u}_wv")
    if swiglu:
        body += load("%wu", f"%e, {u}_n, {u}_k", f"{u}_uv")
    body += acc + (f"scf.yield {u}_a2, {u}_b2 : f32, f32\n" if swiglu else f"scf.yield {u}_a2 : f32\n")
    loop += ind(body, 2) + "}\n"
    loop += silu_store(f"{u}_d", f"{u}_du", f"{u}_m", f"{u}_n") if swiglu else \
        f"memref.store {u}_d, %out[{u}_m, {u}_n] : $F2\n"
    return f"""scf.for {u}_m = %mlo to %mhi step %c1 {{
  scf.for {u}_n = %nlo to %nhi step %c1 {{
{ind(loop, 4)}  }}
}}
"""

XT[0] = "bf16"
WT[0] = "bf16"
plain_store = lambda i, j, v, row, col: f"memref.store {v}, %out[{row}, {col}] : $F2\n"
gmx = grouped_bf16(False).replace("UB2", U2B).replace("BLOCK", ind(block_epi("%mlo", "%mhi", "%nlo", "%nhi", plain_store), 6)) \
    .replace("NAIVE", ind(naive_bf16(False), 6))
emit("grouped_matmul_nt_bf16", """grouped_matmul_nt_bf16: bf16 rows and bf16 expert weights, f32 accumulation and result
(moe-experts-to-bf16): out[r, :] = f32(x[r, :]) f32(w[e])^T for rows offsets[e] <= r < offsets[e+1]
(other rows of out are not written). The work split and register tiles of grouped_matmul_nt with x
and w loaded as bf16 and extended to f32. On sm_90a the Hopper template
lowering/kernels/gpu/grouped_matmul_nt_bf16_sm90.mlir computes the same (tensor cores).""",
 ["%x: $B2", "%w: $B3", "%offsets: $I32_1", "%out: $F2"], gmx)
gsx = grouped_bf16(True).replace("UB2", U2B).replace("BLOCK", ind(block_epi("%mlo", "%mhi", "%nlo", "%nhi", None, tile_swiglu), 6)) \
    .replace("NAIVE", ind(naive_bf16(True), 6))
emit("grouped_swiglu_nt_bf16", """grouped_swiglu_nt_bf16: the gate and up GEMMs of the routed experts with SwiGLU fused, bf16 in and
out, f32 accumulation (moe-experts-to-bf16): for rows offsets[e] <= r < offsets[e+1] of x[R, K] and
columns i < I, g = f32(x[r]) . f32(w[e, i]), u = f32(x[r]) . f32(wu[e, i]) (wu has w's shape
[E, I, K]) and out[r, i] = bf16(silu(g) * u), rounded to nearest even, silu(g) = g / (1 + exp(-g))
as in swiglu. Work: E * ceil(I/32) items (expert, 32-column block) split evenly over nwg; each
register tile runs the gate sums, then the up sums, then the epilogue (grouped_matmul_nt's tiles,
so g and u are bitwise grouped_matmul_nt_wbf16's on the rounded x). On sm_90a the Hopper template
lowering/kernels/gpu/grouped_swiglu_nt_bf16_sm90.mlir computes the same.""",
 ["%x: $B2", "%w: $B3", "%wu: $B3", "%offsets: $I32_1", "%out: $B2"], gsx)
mmx = x_to_bf16(to_wbf16(mm_template, 2)).replace("UB2", U2B).replace("U2", U2) \
    .replace("BLOCK", ind(block("%c0", "%M", "%nlo", "%nhi", bias1), 6)) \
    .replace("NAIVE", ind(naive("%c0", "%M", "%nlo", "%nhi", "%x", lambda n, k: f"memref.load %w[{n}, {k}] : $B2", bias1), 6))
emit("matmul_nt_bf16", """matmul_nt_bf16: matmul_nt on bf16 rows and a bf16 weight (moe-dense-to-bf16): out[M, N] =
(accumulate ? out : 0) + f32(x[M, K]) f32(w[N, K])^T (+ bias[N]), f32 accumulation, bias and
result. matmul_nt's work split and register tiles with x and w loaded as bf16 and extended, so
the result is bitwise matmul_nt_wbf16's on x rounded to bf16. On CUDA it runs on cuBLASLt (bf16
inputs, f32 compute and output).""",
 ["%x: $B2", "%w: $B2", "%bias: $F1", "%out: $F2", "%has_bias: i64", "%accumulate: i64"],
 "  %c31 = arith.constant 31 : index\n" + mmx)
XT[0] = "f32"
WT[0] = "f32"
print("bf16 experts ok")

# ---------------- CUDA block version of route_dispatch ----------------
# Generated here because it reuses the CPU kernel's per-token routing (ROUTE_PRE / ROUTE_TOKEN), so
# that ids, weights, counts, offsets, perm, inv and rows are bitwise those of the CPU kernel.
BLOCK_OUT = os.path.join(OUT, "block")

def emit_block(name, comment, args, body, threads):
    text = "".join("// " + l + "\n" if l else "//\n" for l in comment.strip().split("\n"))
    text += "gpu.module @mxa_block_kernels {\n"
    text += f"gpu.func @mxg_{name}(%nwg: index,\n    " + ",\n    ".join(args) + ")\n"
    text += f"    kernel attributes {{known_block_size = array<i32: {threads}, 1, 1>}} {{\n"
    text += PRE + body + "  gpu.return\n}\n}\n"
    if not NARROW:
        open(os.path.join(BLOCK_OUT, name + ".mlir"), "w").write(sub(text))

RD_ARGS = K2["route_dispatch"][1]
RD_BLOCK_DOC = """route_dispatch, CUDA block version (generated by lowering/kernels/gen/gen_kernels.py): the same
arguments and results as lowering/kernels/route_dispatch.mlir, bit for bit, with one 256-thread
block per workgroup wg (the runtime launches nwg = the launch's items blocks; block b also does
wg = b + nwg, ... when fewer):
phase 0: the block zeroes hist[wg, :], then its threads route the tokens of the wg's token block
  (the even split of T over nwg), thread i the tokens lo + i, lo + i + 256, ..., each exactly as
  the CPU kernel (the same generated routing code, a per-thread stack buffer of 2E + groups
  floats), counting the rows per expert with integer atomic adds into hist[wg, :]; wg 0 also
  zeroes hist rows nwg..NB-1.
phase 1 (wg 0): thread e sums expert e's column of hist into counts[e]; thread 0 turns counts into
  the exclusive offsets; thread e rewrites its column as each block's first row (expert-major,
  block-minor, as the CPU kernel).
phase 2: thread 0 places the block's (t, k) pairs in ascending token order exactly as the CPU
  kernel (perm, inv, hist as running row counters); after a barrier the 8 warps copy the rows,
  warp w the pairs w, w + 8, ..., its lanes striding the H columns of
  rows[r] = src[t] (* weights[t, k] if scale_rows).
Integer counts are order-independent, and the placement and the products are the CPU's, so every
output equals the CPU kernel's."""
RD_BLOCK_BODY = """  %c8 = arith.constant 8 : index
  %c32 = arith.constant 32 : index
  %c256 = arith.constant 256 : index
""" + RD_HEAD + """  %scale = arith.cmpi ne, %scale_rows, %i0 : i64
  %tid = gpu.thread_id x
  %bid = gpu.block_id x
  %grid = gpu.grid_dim x
  %lane = arith.remui %tid, %c32 : index
  %warp = arith.divui %tid, %c32 : index
  %leader = arith.cmpi eq, %tid, %c0 : index
""" + ROUTE_PRE + """  scf.for %wg = %bid to %nwg step %grid {
""" + indent(split("%T"), 2) + """    %first = arith.cmpi eq, %wg, %c0 : index
    scf.if %is_p0 {
      scf.for %e = %tid to %E step %c256 {
        memref.store %z32, %hist[%wg, %e] : $I32_2
      }
      gpu.barrier
      %tlo = arith.addi %lo, %tid : index
      scf.for %t = %tlo to %hi step %c256 {
""" + indent(ROUTE_TOKEN, 4) + """        scf.for %k = %c0 to %K step %c1 {
          %he32 = memref.load %ids[%t, %k] : $I32_2
          %he = arith.index_cast %he32 : i32 to index
          %old = memref.atomic_rmw addi %o32, %hist[%wg, %he] : (i32, $I32_2) -> i32
        }
      }
      scf.if %first {
        scf.for %bz = %nwg to %NB step %c1 {
          scf.for %e = %tid to %E step %c256 {
            memref.store %z32, %hist[%bz, %e] : $I32_2
          }
        }
      }
    }
    %scan = arith.andi %is_p1, %first : i1
    scf.if %scan {
      scf.for %e = %tid to %E step %c256 {
        %tot = scf.for %bb = %c0 to %NB step %c1 iter_args(%run = %z32) -> (i32) {
          %h = memref.load %hist[%bb, %e] : $I32_2
          %run2 = arith.addi %run, %h : i32
          scf.yield %run2 : i32
        }
        memref.store %tot, %counts[%e] : $I32_1
      }
      gpu.barrier
      scf.if %leader {
        %all = scf.for %e = %c0 to %E step %c1 iter_args(%run = %z32) -> (i32) {
          memref.store %run, %offsets[%e] : $I32_1
          %cnt = memref.load %counts[%e] : $I32_1
          %run2 = arith.addi %run, %cnt : i32
          scf.yield %run2 : i32
        }
        memref.store %all, %offsets[%E] : $I32_1
      }
      gpu.barrier
      scf.for %e = %tid to %E step %c256 {
        %start = memref.load %offsets[%e] : $I32_1
        %end = scf.for %bb = %c0 to %NB step %c1 iter_args(%cur = %start) -> (i32) {
          %h = memref.load %hist[%bb, %e] : $I32_2
          memref.store %cur, %hist[%bb, %e] : $I32_2
          %cur2 = arith.addi %cur, %h : i32
          scf.yield %cur2 : i32
        }
      }
    }
    scf.if %is_p2 {
      scf.if %leader {
        scf.for %t = %lo to %hi step %c1 {
          scf.for %k = %c0 to %K step %c1 {
""" + indent(RD_PLACE, 4) + """          }
        }
      }
      gpu.barrier
      %nt = arith.subi %hi, %lo : index
      %np = arith.muli %nt, %K : index
      scf.for %p = %warp to %np step %c8 {
        %pt = arith.divui %p, %K : index
        %k = arith.remui %p, %K : index
        %t = arith.addi %lo, %pt : index
        %tk0 = arith.muli %t, %K : index
        %tk = arith.addi %tk0, %k : index
        %r32 = memref.load %inv[%tk] : $I32_1
        %r = arith.index_cast %r32 : i32 to index
        %w = scf.if %scale -> (f32) {
          %wv = memref.load %weights[%t, %k] : $F2
          scf.yield %wv : f32
        } else {
          scf.yield %f1 : f32
        }
        scf.for %c = %lane to %H step %c32 {
          %xv = memref.load %src[%t, %c] : $F2
          %y = arith.mulf %xv, %w : f32
          memref.store %y, %rows[%r, %c] : $F2
        }
      }
    }
    gpu.barrier
  }
"""
emit_block("route_dispatch", RD_BLOCK_DOC, RD_ARGS, RD_BLOCK_BODY, 256)
print("block route_dispatch ok")

# ---------------- CUDA block versions derived from block/grouped_matmul_nt.mlir ----------------
# matmul_nt, the bf16-row expert GEMMs and head_matmul share the hand-written, reviewed loop of
# block/grouped_matmul_nt.mlir; each derivation edits its text, and every edit must apply exactly
# as many times as expected (so a change to the source that breaks one fails here).
class GroupedBlock:
    SIG = f"""    %x: {T["F2"]},
    %w: {T["F3"]},
    %bias: {T["F2"]},
    %offsets: memref<?xi32, strided<[?], offset: ?>>,
    %out: {T["F2"]},
    %has_bias: i64)"""
    ROWS = """    %e1 = arith.addi %e, %c1 : index
    %r0i = memref.load %offsets[%e] : memref<?xi32, strided<[?], offset: ?>>
    %r1i = memref.load %offsets[%e1] : memref<?xi32, strided<[?], offset: ?>>
    %r0 = arith.index_cast %r0i : i32 to index
    %r1 = arith.index_cast %r1i : i32 to index
"""
    WITH_BIAS = "    %withBias = arith.cmpi ne, %has_bias, %i0 : i64\n"
    BIAS_STORE = f"""        %val = scf.if %withBias -> (f32) {{
          %bj = memref.load %bias[%e, %jmine] : {T["F2"]}
          %sum = arith.addf %mine, %bj : f32
          scf.yield %sum : f32
        }} else {{
          scf.yield %mine : f32
        }}
        memref.store %val, %out[%row, %jmine] : {T["F2"]}
"""

    def __init__(self, name):
        src = open(os.path.join(BLOCK_OUT, "grouped_matmul_nt.mlir")).read()
        self.body = src[src.index("gpu.module @mxa_block_kernels {"):]
        self.once("gpu.func @mxg_grouped_matmul_nt(", f"gpu.func @mxg_{name}(")
        self.name = name

    def once(self, old, new, count=1):
        assert self.body.count(old) == count, (old, self.body.count(old))
        self.body = self.body.replace(old, new)

    def resub(self, pattern, repl, count):
        self.body, n = re.subn(pattern, repl, self.body)
        assert n == count, (pattern, n)

    def write(self, header):
        if not NARROW:
            open(os.path.join(BLOCK_OUT, self.name + ".mlir"), "w").write(header + self.body)

# ---------------- CUDA block version of matmul_nt ----------------
# Derived from the hand-written block/grouped_matmul_nt.mlir (one expert, all rows, accumulate),
# so that the two GEMMs share one reviewed loop; every replacement must apply exactly once.
def derive_block_matmul_nt():
    F1s, F2s, F3s = T["F1"], T["F2"], T["F3"]
    g = GroupedBlock("matmul_nt")
    once = g.once
    once(GroupedBlock.SIG, f"""    %x: {F2s},
    %w: {F2s},
    %bias: {F1s},
    %out: {F2s},
    %has_bias: i64,
    %accumulate: i64)""")
    once(f"%n = memref.dim %w, %c1 : {F3s}", f"%n = memref.dim %w, %c0 : {F2s}")
    once(f"%k = memref.dim %w, %c2 : {F3s}", f"%k = memref.dim %w, %c1 : {F2s}")
    once(f"%experts = memref.dim %w, %c0 : {F3s}", "%experts = arith.constant 1 : index")
    once(GroupedBlock.ROWS, f"""    %r0 = arith.constant 0 : index
    %r1 = memref.dim %x, %c0 : {F2s}
""")
    g.resub(r"memref\.load %w\[%e, (%col\d), %kk\] : " + re.escape(F3s),
            lambda m: f"memref.load %w[{m.group(1)}, %kk] : {F2s}", 8)
    once(f"%bj = memref.load %bias[%e, %jmine] : {F2s}", f"%bj = memref.load %bias[%jmine] : {F1s}")
    once("    %withBias = arith.cmpi ne, %has_bias, %i0 : i64\n",
         "    %withBias = arith.cmpi ne, %has_bias, %i0 : i64\n"
         "    %accum = arith.cmpi ne, %accumulate, %i0 : i64\n")
    once(f"""        memref.store %val, %out[%row, %jmine] : {F2s}""",
         f"""        %prev = scf.if %accum -> (f32) {{
          %old = memref.load %out[%row, %jmine] : {F2s}
          scf.yield %old : f32
        }} else {{
          scf.yield %f0 : f32
        }}
        %res = arith.addf %prev, %val : f32
        memref.store %res, %out[%row, %jmine] : {F2s}""")
    header = """// matmul_nt, CUDA block version (generated by lowering/kernels/gen/gen_kernels.py from
// block/grouped_matmul_nt.mlir: edit that file, then regenerate): the same arguments and result as
// lowering/kernels/matmul_nt.mlir (out[M, N] = (accumulate ? out : 0) + x w^T (+ bias)), one
// 128-thread block per 32-column block (the launch's items, ceil(N/32)) for all M rows: the loop
// of grouped_matmul_nt with one expert whose rows are 0 .. M-1. Each of the 4 warps owns 8
// columns, rows go 4 at a time with lanes along K, partial sums reduced through a padded
// shared-memory tile; the epilogue adds the bias, then the previous out when accumulating, as the
// CPU kernel does. On CUDA the f32 matmul_nt runs on cuBLASLt unless --cuda-gemm kernels; this
// version serves that mode and, widened to bf16 loads by moe-kernels-to-gpu, matmul_nt_wbf16.
// Summation order differs from the CPU kernel's (f32 rounding).
"""
    g.write(header)

derive_block_matmul_nt()
print("block matmul_nt ok")


# ---------------- CUDA block version of to_bf16 ----------------
# The CPU kernel's rounding (round_bf16) in a row kernel: one 256-thread block per row.
emit_block("to_bf16", """to_bf16, CUDA block version (generated by lowering/kernels/gen/gen_kernels.py): the same arguments
and result as lowering/kernels/to_bf16.mlir (out = bf16(x), nearest even, quiet NaNs, by the CPU
kernel's integer ops), one 256-thread block per row: the runtime launches nwg = R blocks (block b
also does b + nwg, ... when fewer); threads stride the row.""", ["%x: $F2", "%out: $B2"],
 BF16_CONST + """  %c256 = arith.constant 256 : index
  %block = gpu.block_id x
  %tid = gpu.thread_id x
  %R = memref.dim %x, %c0 : $F2
  %C = memref.dim %x, %c1 : $F2
  scf.for %r = %block to %R step %nwg {
    scf.for %c = %tid to %C step %c256 {
      %v = memref.load %x[%r, %c] : $F2
""" + ind(round_bf16("%v", "%h"), 6) + """      memref.store %h, %out[%r, %c] : $B2
    }
  }
""", 256)
print("block to_bf16 ok")

# ---------------- CUDA block versions of the bf16-row expert GEMMs ----------------
# Derived from block/grouped_matmul_nt.mlir like matmul_nt's: x and w (and wu) read as bf16 and
# extended, no bias; the SwiGLU one accumulates the up sums beside the gate sums in the same K
# loop, reduces both through the shared tile, and stores bf16(silu(g) * u) with the CPU kernel's
# arithmetic (silu_store) and rounding.
def derive_block_grouped_bf16(swiglu):
    F2s, F3s, B2s, B3s = T["F2"], T["F3"], T["B2"], T["B3"]
    name = "grouped_swiglu_nt_bf16" if swiglu else "grouped_matmul_nt_bf16"
    g = GroupedBlock(name)
    once = g.once
    once(GroupedBlock.SIG, f"""    %x: {B2s},
    %w: {B3s},""" + (f"""
    %wu: {B3s},""" if swiglu else "") + f"""
    %offsets: memref<?xi32, strided<[?], offset: ?>>,
    %out: {B2s if swiglu else F2s})""")
    g.resub(r"memref\.dim %w, (%c\d) : " + re.escape(F3s), lambda m: f"memref.dim %w, {m.group(1)} : {B3s}", 3)
    def wload(m):
        w, col = m.group(1), m.group(2)
        text = f"{w}h = memref.load %w[%e, {col}, %kk] : {B3s}\n        {w} = arith.extf {w}h : bf16 to f32"
        if swiglu:
            u = "%u" + w[2:]
            text += f"\n        {u}h = memref.load %wu[%e, {col}, %kk] : {B3s}\n        {u} = arith.extf {u}h : bf16 to f32"
        return text
    g.resub(r"(%w\d) = memref\.load %w\[%e, (%col\d), %kk\] : " + re.escape(F3s), wload, 8)
    g.resub(r"(%x[a-d]) = memref\.load %x\[(%r[a-d]), %kk\] : " + re.escape(F2s),
            lambda m: f"{m.group(1)}h = memref.load %x[{m.group(2)}, %kk] : {B2s}\n        {m.group(1)} = arith.extf {m.group(1)}h : bf16 to f32", 4)
    once(GroupedBlock.WITH_BIAS, "")
    bias_store = GroupedBlock.BIAS_STORE
    if not swiglu:
        once(bias_store, f"        memref.store %mine, %out[%row, %jmine] : {F2s}\n")
    else:
        once("  %f0 = arith.constant 0.0 : f32\n", "  %f0 = arith.constant 0.0 : f32\n  %f1 = arith.constant 1.0 : f32\n" + BF16_CONST)
        once("%wv = vector.from_elements %w0, %w1, %w2, %w3, %w4, %w5, %w6, %w7 : vector<8xf32>\n",
             "%wv = vector.from_elements %w0, %w1, %w2, %w3, %w4, %w5, %w6, %w7 : vector<8xf32>\n"
             "        %uv = vector.from_elements %u0, %u1, %u2, %u3, %u4, %u5, %u6, %u7 : vector<8xf32>\n")
        once("""      %acc:4 = scf.for %kk = %lane to %k step %c32
          iter_args(%a0 = %zero8, %a1 = %zero8, %a2 = %zero8, %a3 = %zero8)
          -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {""",
             """      %acc:8 = scf.for %kk = %lane to %k step %c32
          iter_args(%a0 = %zero8, %a1 = %zero8, %a2 = %zero8, %a3 = %zero8,
                    %b0 = %zero8, %b1 = %zero8, %b2 = %zero8, %b3 = %zero8)
          -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>,
              vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {""")
        once("""        scf.yield %n0, %n1, %n2, %n3 : vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>""",
             """        %m0 = vector.fma %va, %uv, %b0 : vector<8xf32>
        %m1 = vector.fma %vb, %uv, %b1 : vector<8xf32>
        %m2 = vector.fma %vc, %uv, %b2 : vector<8xf32>
        %m3 = vector.fma %vd, %uv, %b3 : vector<8xf32>
        scf.yield %n0, %n1, %n2, %n3, %m0, %m1, %m2, %m3 : vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>,
            vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>""")
        # The gate sums' reduction, then the same for the up sums.
        start = g.body.index("      // Sum (rr, jj) over the warp through shared memory (see the header).")
        end = g.body.index("      %row = arith.addi %r, %myRow : index")
        gate = g.body[start:end]
        up = gate.replace("%acc#0", "%acc#4").replace("%acc#1", "%acc#5").replace("%acc#2", "%acc#6") \
                 .replace("%acc#3", "%acc#7").replace("%mine = ", "%mineU = ").replace("%src", "%srcU") \
                 .replace("%sum", "%sumU").replace("%p = ", "%pU = ").replace(", %p : f32", ", %pU : f32") \
                 .replace("%next", "%nextU")
        g.body = g.body[:end] + up + g.body[end:]
        once(bias_store, ind(sub(silu_store("%mine", "%mineU", "%row", "%jmine")), 8))
    what = ("out = bf16(silu(x w^T) * (x wu^T)) per group: the K loop accumulates the up sums (wu) "
            "beside the gate sums, both are reduced through the shared tile, and the store applies "
            "the swiglu kernel's unclamped arithmetic and the CPU kernel's rounding to bf16") if swiglu else \
           ("out = f32(x) f32(w[e])^T for each group's rows, f32 out, no bias")
    import textwrap
    text = (f"{name}, CUDA block version (generated by lowering/kernels/gen/gen_kernels.py from "
            f"block/grouped_matmul_nt.mlir: edit that file, then regenerate): the same arguments and "
            f"result as lowering/kernels/{name}.mlir, one 128-thread block per (expert, 32-column "
            f"block), the launch's items: grouped_matmul_nt's loop with the bf16 rows and weights "
            f"loaded and extended to f32; {what}. Used where the sm_90a template does not take the "
            f"launch (or --cuda-templates off). Summation order differs from the CPU kernel's (f32 "
            f"rounding; the bf16 roundings of the SwiGLU output may flip).")
    header = "".join("// " + l + "\n" for l in textwrap.wrap(text, 97))
    g.write(header)

derive_block_grouped_bf16(False)
derive_block_grouped_bf16(True)
print("block grouped bf16 ok")

# ---------------- CUDA block version of head_matmul ----------------
# grouped_matmul_nt's block loop with the head as the "expert": every head's rows are all T
# tokens, x and out indexed [t, h, :] (the CPU kernel's per-head batched matmul).
def derive_block_head_matmul():
    F2s, F3s = T["F2"], T["F3"]
    g = GroupedBlock("head_matmul")
    once = g.once
    once(GroupedBlock.SIG, f"""    %x: {F3s},
    %w: {F3s},
    %out: {F3s})""")
    once(GroupedBlock.ROWS, f"""    %r0 = arith.constant 0 : index
    %r1 = memref.dim %x, %c0 : {F3s}
""")
    g.resub(r"memref\.load %x\[(%r[a-d]), %kk\] : " + re.escape(F2s),
            lambda m: f"memref.load %x[{m.group(1)}, %e, %kk] : {F3s}", 4)
    once(GroupedBlock.WITH_BIAS, "")
    once(GroupedBlock.BIAS_STORE, f"        memref.store %mine, %out[%row, %e, %jmine] : {F3s}\n")
    header = """// head_matmul, CUDA block version (generated by lowering/kernels/gen/gen_kernels.py from
// block/grouped_matmul_nt.mlir: edit that file, then regenerate): the same arguments and result as
// lowering/kernels/head_matmul.mlir (out[t, h, n] = sum_k x[t, h, k] w[h, n, k], MLA absorption),
// one 128-thread block per (head, 32-column block), the launch's items: grouped_matmul_nt's loop
// with head h as the expert and all T tokens as its rows. On CUDA head_matmul runs as cuBLASLt
// strided batches unless --cuda-gemm kernels; this version serves that mode. Summation order
// differs from the CPU kernel's (f32 rounding).
"""
    g.write(header)

derive_block_head_matmul()
print("block head_matmul ok")

# route_dispatch_bf16: route_dispatch writing its rows as bf16 (moe-experts-to-bf16 when the rows
# feed only the bf16 expert GEMMs), rounded as to_bf16 rounds them: the rows of
# to_bf16(route_dispatch(...)) without the f32 rows and the pass over them.
RD_F32_STORE = "memref.store %y, %rows[%r, %c] : $F2\n"
def rd_bf16(body):
    """route_dispatch's body with each f32 row store rounded to bf16 first."""
    lines = []
    for line in body.split("\n"):
        if line.strip() + "\n" == RD_F32_STORE:
            pad = len(line) - len(line.lstrip())
            lines.append(ind(round_bf16("%y", "%yh"), pad).rstrip("\n"))
            lines.append(" " * pad + "memref.store %yh, %rows[%r, %c] : $B2")
        else:
            lines.append(line)
    out = "\n".join(lines)
    assert out != body, "route_dispatch: no f32 row store found"
    return out
RD_BF16_ARGS = ["%rows: $B2" if a == "%rows: $F2" else a for a in K2["route_dispatch"][1]]
emit("route_dispatch_bf16", """route_dispatch_bf16: route_dispatch with bf16 rows (moe-experts-to-bf16): rows[r] =
bf16(src[t] (* weights[t, k] if scale_rows)), rounded to nearest even (NaNs stay quiet NaNs) as
to_bf16 rounds; everything else as route_dispatch, whose documentation follows.
""" + K2["route_dispatch"][0], RD_BF16_ARGS, BF16_CONST + rd_bf16(K2["route_dispatch"][2]))
emit_block("route_dispatch_bf16", """route_dispatch_bf16, CUDA block version (generated by lowering/kernels/gen/gen_kernels.py):
route_dispatch's block version with the rows rounded to bf16 as lowering/kernels/route_dispatch_bf16.mlir
rounds them, bit for bit. route_dispatch's block version documentation follows.
""" + RD_BLOCK_DOC, RD_BF16_ARGS, BF16_CONST + rd_bf16(RD_BLOCK_BODY), 256)
print("block route_dispatch_bf16 ok")
print("route_dispatch_bf16 ok")
if not NARROW:
    subprocess.run([sys.executable, os.path.abspath(__file__), "--narrow"], check=True)
