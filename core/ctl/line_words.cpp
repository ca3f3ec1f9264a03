// splitWords(): a console line into zooscope-ctl's arguments, as a POSIX
// shell splits words (quotes and backslashes), without any expansion.
#include "zooscope/ctl.h"

namespace zooscope::ctl {

std::optional<std::vector<std::string>> splitWords(std::string_view line, std::string* error) {
    std::vector<std::string> words;
    std::string word;
    bool inWord = false;  // "" is a word too
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (inWord) words.push_back(std::move(word));
            word.clear();
            inWord = false;
            continue;
        }
        inWord = true;
        if (c == '\\') {
            if (++i == line.size()) {
                *error = "The line ends with a backslash: nothing to escape.";
                return std::nullopt;
            }
            word += line[i];
        } else if (c == '\'') {
            const size_t end = line.find('\'', i + 1);
            if (end == std::string_view::npos) {
                *error = "A single quote is not closed.";
                return std::nullopt;
            }
            word.append(line.substr(i + 1, end - i - 1));
            i = end;
        } else if (c == '"') {
            for (++i;; ++i) {
                if (i == line.size()) {
                    *error = "A double quote is not closed.";
                    return std::nullopt;
                }
                if (line[i] == '"') break;
                // Inside double quotes a backslash escapes only these, as in sh.
                if (line[i] == '\\' && i + 1 < line.size() &&
                    (line[i + 1] == '"' || line[i + 1] == '\\' || line[i + 1] == '$' || line[i + 1] == '`'))
                    ++i;
                word += line[i];
            }
        } else {
            word += c;
        }
    }
    if (inWord) words.push_back(std::move(word));
    return words;
}

}  // namespace zooscope::ctl
