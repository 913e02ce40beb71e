//===- MoEReport.cpp - The model analysis report pass ---------------------===//

#include "passes/ModelAnalysis.h"
#include "passes/Passes.h"

#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/ToolOutputFile.h"

namespace mlir {
namespace moe {
#define GEN_PASS_DEF_MOEREPORT
#include "passes/Passes.h.inc"
} // namespace moe
} // namespace mlir

using namespace mlir;
using namespace mlir::moe;

namespace {
struct MoEReportPass : public moe::impl::MoEReportBase<MoEReportPass> {
  using MoEReportBase::MoEReportBase;

  void runOnOperation() override {
    if (format != "table" && format != "json") {
      getOperation().emitError() << "moe-report: format must be 'table' or "
                                    "'json', got '"
                                 << format << "'";
      return signalPassFailure();
    }
    if (seqLen <= 0 || context <= 0) {
      getOperation().emitError()
          << "moe-report: seq-len and context must be positive";
      return signalPassFailure();
    }
    FailureOr<ModelReport> report =
        analyzeModel(getOperation(), seqLen, context);
    if (failed(report))
      return signalPassFailure();

    std::string error;
    std::unique_ptr<llvm::ToolOutputFile> file = openOutputFile(output, &error);
    if (!file) {
      getOperation().emitError() << "moe-report: " << error;
      return signalPassFailure();
    }
    if (format == "json")
      file->os() << llvm::formatv("{0:2}", report->toJSON()) << "\n";
    else
      report->printTable(file->os());
    file->keep();
    markAllAnalysesPreserved();
  }
};
} // namespace
