#include "history_file.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <sstream>

namespace zooscope::sim {
namespace {

const char* kKinds[] = {"create", "write", "cas", "read"};

std::string orDash(const std::string& s) { return s.empty() ? "-" : s; }
std::string undash(const std::string& s) { return s == "-" ? std::string() : s; }
std::string timeText(int64_t t) { return t == RegOp::kNever ? "?" : std::to_string(t); }

std::vector<std::string> splitTabs(const std::string& line) {
    std::vector<std::string> out;
    size_t start = 0;
    for (;;) {
        const size_t tab = line.find('\t', start);
        out.push_back(line.substr(start, tab - start));
        if (tab == std::string::npos) return out;
        start = tab + 1;
    }
}

template <typename T>
bool number(const std::string& text, T* out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
    return ec == std::errc() && end == text.data() + text.size();
}

bool time(const std::string& text, int64_t* out) {
    if (text == "?") {
        *out = RegOp::kNever;
        return true;
    }
    return number(text, out);
}

bool flag(const std::string& text, bool* out) {
    if (text != "0" && text != "1") return false;
    *out = text == "1";
    return true;
}

// The sequence number: the digits after the last '-' of a created name.
int64_t sequenceOf(const std::string& name) {
    const size_t dash = name.rfind('-');
    int64_t n = -1;
    if (dash == std::string::npos || !number(name.substr(dash + 1), &n)) return -1;
    return n;
}

}  // namespace

std::string formatLine(const RegOp& op) {
    std::ostringstream s;
    s << "reg\t" << op.client << '\t' << kKinds[op.kind] << '\t' << op.key << '\t' << orDash(op.value) << '\t'
      << op.expectVersion << '\t' << timeText(op.invoke) << '\t' << timeText(op.response) << '\t' << int(op.ok)
      << '\t' << int(op.exists) << '\t' << orDash(op.readValue) << '\t' << op.readVersion;
    return s.str();
}

std::string formatLine(const SeqCreate& op) {
    std::ostringstream s;
    s << "seq\t" << op.client << '\t' << orDash(op.value) << '\t' << timeText(op.invoke) << '\t'
      << timeText(op.response) << '\t' << int(op.ok) << '\t' << orDash(op.name);
    return s.str();
}

bool parseLine(const std::string& line, History* history, std::string* error) {
    if (line.empty() || line[0] == '#') return true;
    const auto f = splitTabs(line);
    auto bad = [&](const char* field) {
        *error = std::string("bad ") + field + " in '" + line + "'";
        return false;
    };
    if (f[0] == "reg") {
        if (f.size() != 12) return bad("field count (12 for reg)");
        RegOp op;
        if (!number(f[1], &op.client)) return bad("client");
        const auto kind = std::find(std::begin(kKinds), std::end(kKinds), f[2]);
        if (kind == std::end(kKinds)) return bad("kind");
        op.kind = RegOp::Kind(kind - std::begin(kKinds));
        op.key = f[3];
        if (op.key.empty()) return bad("key");
        op.value = undash(f[4]);
        if (!number(f[5], &op.expectVersion)) return bad("expected version");
        if (!time(f[6], &op.invoke) || op.invoke == RegOp::kNever) return bad("invoke time");
        if (!time(f[7], &op.response) || op.response < op.invoke) return bad("response time");
        if (!flag(f[8], &op.ok)) return bad("ok");
        if (!flag(f[9], &op.exists)) return bad("exists");
        op.readValue = undash(f[10]);
        if (!number(f[11], &op.readVersion)) return bad("read version");
        history->registers.push_back(std::move(op));
        return true;
    }
    if (f[0] == "seq") {
        if (f.size() != 7) return bad("field count (7 for seq)");
        SeqCreate op;
        if (!number(f[1], &op.client)) return bad("client");
        op.value = undash(f[2]);
        if (op.value.empty()) return bad("value");
        if (!time(f[3], &op.invoke) || op.invoke == RegOp::kNever) return bad("invoke time");
        if (!time(f[4], &op.response) || op.response < op.invoke) return bad("response time");
        if (!flag(f[5], &op.ok)) return bad("ok");
        op.name = undash(f[6]);
        if (op.ok && op.response != RegOp::kNever && sequenceOf(op.name) < 0) return bad("name");
        history->creates.push_back(std::move(op));
        return true;
    }
    return bad("record type (reg or seq)");
}

bool readHistoryFile(const std::string& path, History* history, std::string* error) {
    std::ifstream in(path);
    if (!in) {
        *error = path + ": cannot read";
        return false;
    }
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        std::string why;
        if (!parseLine(line, history, &why)) {
            *error = path + ":" + std::to_string(n) + ": " + why;
            return false;
        }
    }
    return true;
}

std::vector<std::string> checkSequentialCreates(const std::vector<SeqCreate>& creates,
                                                const std::vector<SeqChild>& present) {
    std::vector<std::string> problems;
    std::vector<const SeqCreate*> acked;
    std::map<std::string, const SeqCreate*> byValue;
    for (const auto& c : creates) {
        if (!byValue.emplace(c.value, &c).second) problems.push_back("two creates with value " + c.value);
        if (c.ok && c.response != RegOp::kNever) acked.push_back(&c);
    }
    std::map<std::string, const SeqCreate*> byName;
    for (const auto* c : acked)
        if (!byName.emplace(c->name, c).second) problems.push_back("name " + c->name + " acknowledged twice");

    // Real-time order: sweep the acknowledged creates by invocation, keeping
    // the highest sequence number among those that responded before it.
    auto byResponse = acked, byInvoke = acked;
    std::sort(byResponse.begin(), byResponse.end(), [](auto* a, auto* b) { return a->response < b->response; });
    std::sort(byInvoke.begin(), byInvoke.end(), [](auto* a, auto* b) { return a->invoke < b->invoke; });
    size_t r = 0;
    const SeqCreate* highest = nullptr;
    for (const auto* c : byInvoke) {
        for (; r < byResponse.size() && byResponse[r]->response < c->invoke; ++r)
            if (!highest || sequenceOf(byResponse[r]->name) > sequenceOf(highest->name)) highest = byResponse[r];
        if (highest && sequenceOf(highest->name) >= sequenceOf(c->name))
            problems.push_back(c->value + " got " + c->name + " although " + highest->value + " got " + highest->name +
                               " and was acknowledged before it was invoked");
    }

    std::map<std::string, const SeqChild*> children;
    std::map<std::string, int> valuesPresent;
    for (const auto& child : present) {
        children.emplace(child.name, &child);
        if (++valuesPresent[child.value] == 2) problems.push_back("value " + child.value + " is on two children");
        if (!byValue.count(child.value)) problems.push_back("child " + child.name + " has a value no create wrote: " + child.value);
    }
    for (const auto* c : acked) {
        const auto it = children.find(c->name);
        if (it == children.end()) problems.push_back("acknowledged create " + c->value + " (" + c->name + ") is missing");
        else if (it->second->value != c->value)
            problems.push_back(c->name + " holds " + it->second->value + ", acknowledged to " + c->value);
    }
    return problems;
}

}  // namespace zooscope::sim
