// zooscope-loadgen: composition only (parse, run or verify, print).
#include <iostream>
#include <string>
#include <vector>

#include "loadgen.h"

int main(int argc, char** argv) {
    using namespace zooscope::bench;
    std::vector<std::string> args(argv + 1, argv + argc);
    for (const auto& a : args)
        if (a == "--help" || a == "-h") {
            std::cout << kUsage;
            return 0;
        }
    std::string error;
    auto options = parseOptions(args, &error);
    if (!options) {
        std::cerr << "zooscope-loadgen: " << error << "\n" << kUsage;
        return 2;
    }
    if (!options->verifyPath.empty()) {
        const VerifyReport v = verifyRecord(*options);
        std::cout << formatVerify(v, options->json) << (options->json ? "\n" : "");
        return v.ok ? 0 : 1;
    }
    const Report r = runLoad(*options);
    std::cout << (options->json ? formatJson(r) + "\n" : formatTable(r));
    if (!r.setupOk) return 1;
    if (options->failOnError && (r.errors() > 0 || r.total.ok == 0)) return 3;
    return 0;
}
