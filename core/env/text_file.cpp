// Implementation of zooscope/text_file.h.
#include "zooscope/text_file.h"

#include <deque>
#include <fstream>
#include <sstream>

namespace zooscope {

std::string readTail(const std::string& path, int lines) {
    std::ifstream in(path);
    if (!in) return {};
    std::deque<std::string> last;
    std::string line;
    while (std::getline(in, line)) {
        last.push_back(line);
        if (static_cast<int>(last.size()) > lines) last.pop_front();
    }
    std::string out;
    for (const auto& l : last) out += l + "\n";
    return out;
}

bool fileContains(const std::string& path, std::string_view needle) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str().find(needle) != std::string::npos;
}

}  // namespace zooscope
