//===- MoEInterfaces.td - Op interfaces of the moe dialect -*- tablegen -*-===//

#ifndef MOE_DIALECT_MOE_IR_MOEINTERFACES_TD
#define MOE_DIALECT_MOE_IR_MOEINTERFACES_TD

include "mlir/IR/OpBase.td"

def MoE_RoutingOpInterface : OpInterface<"RoutingOpInterface"> {
  let description = [{
    An op that scores experts from `input weight^T (+ bias)` and selects the
    top-k per token with the router attributes (scoring, groups, renorm,
    scaling): `moe.router` and `moe.route_dispatch`. Verification, the
    interpreter, the lowering and the analyses read the routing through this
    interface so that both ops share one definition of the math.
  }];
  let cppNamespace = "::mlir::moe";
  let methods = [
    InterfaceMethod<"Tokens to route, [T, H].", "::mlir::Value", "getInput">,
    InterfaceMethod<"Gate weight, [E, H].", "::mlir::Value", "getWeight">,
    InterfaceMethod<"Optional gate bias, [E].", "::mlir::Value", "getBias">,
    InterfaceMethod<"Optional selection bias, [E].", "::mlir::Value",
                    "getCorrectionBias">,
    InterfaceMethod<"Experts per token K.", "uint64_t", "getTopK">,
    InterfaceMethod<"Scoring function.", "::mlir::moe::RouterScoring",
                    "getScoring">,
    InterfaceMethod<"Expert groups.", "uint64_t", "getNGroup">,
    InterfaceMethod<"Selectable groups.", "uint64_t", "getTopkGroup">,
    InterfaceMethod<"Score of a group.", "::mlir::moe::GroupScore",
                    "getGroupScore">,
    InterfaceMethod<"Renormalisation of the top-k weights.",
                    "::mlir::moe::RouterRenorm", "getRenorm">,
    InterfaceMethod<"Epsilon of the renormalisation.", "::llvm::APFloat",
                    "getRenormEps">,
    InterfaceMethod<"Factor applied to the final weights.", "::llvm::APFloat",
                    "getRoutedScalingFactor">,
    InterfaceMethod<"Selected expert ids, [T, K].", "::mlir::Value",
                    "getExpertIds">,
    InterfaceMethod<"Combine weights, [T, K].", "::mlir::Value", "getWeights">,
    InterfaceMethod<"Number of experts E.", "int64_t", "getNumExperts">
  ];
}

#endif // MOE_DIALECT_MOE_IR_MOEINTERFACES_TD
