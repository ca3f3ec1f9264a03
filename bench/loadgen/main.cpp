// zooscope-loadgen: composition only (parse, run or verify, print).
#include <iostream>
#include <string>

#include "zooscope/command_line.h"
#include "loadgen.h"

int main(int argc, char** argv) {
    using namespace zooscope::bench;
    Options options;
    const auto cli = commandLine(&options);
    if (auto status = zooscope::cli::parse(*cli, argc, argv)) return *status;
    std::string error;
    if (!finishOptions(&options, &error)) return zooscope::cli::usageError(*cli, error);
    if (!options.verifyPath.empty()) {
        const VerifyReport v = verifyRecord(options);
        std::cout << formatVerify(v, options.json) << (options.json ? "\n" : "");
        return v.ok ? 0 : 1;
    }
    const Report r = runLoad(options);
    std::cout << (options.json ? formatJson(r) + "\n" : formatTable(r));
    if (!r.setupOk) return 1;
    if (options.failOnError && (r.errors() > 0 || r.total.ok == 0)) return 3;
    return 0;
}
