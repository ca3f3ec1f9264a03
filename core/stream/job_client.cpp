// Setting up, reading and reconfiguring a job from any client: what the CLI
// and the app do without joining the job.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <mutex>

#include "zooscope/stream.h"

namespace zooscope::stream {

namespace {

template <class T>
Result<T> failure(Code code, std::string message, proto::Err err = proto::Err::Ok) {
    Result<T> r;
    r.code = code;
    r.err = err;
    r.message = std::move(message);
    return r;
}

template <class T, class U>
Result<T> refused(const client::Result<U>& r) {
    return failure<T>(Code::ZooKeeper, r.message, r.err);
}

// Creates every missing ancestor of `path` and `path` itself (persistent,
// empty), one at a time from the top; NodeExists counts as done.
void ensurePath(client::Client& client, const std::string& path, std::function<void(client::Result<client::Empty>)> done) {
    std::vector<std::string> chain;
    for (std::string p = path; p != "/" && !p.empty(); p = p.substr(0, std::max<size_t>(p.rfind('/'), 1)))
        chain.push_back(p);
    std::reverse(chain.begin(), chain.end());
    struct Step {
        client::Client& client;
        std::vector<std::string> chain;
        std::function<void(client::Result<client::Empty>)> done;
        void next(size_t i, const std::shared_ptr<Step>& self) {
            if (i == chain.size()) return done({});
            client.create(chain[i], "", {}, [self, i](client::Result<client::Created> r) {
                if (!r.ok() && r.err != proto::Err::NodeExists) {
                    client::Result<client::Empty> out;
                    out.err = r.err;
                    out.message = r.message;
                    return self->done(std::move(out));
                }
                self->next(i + 1, self);
            });
        }
    };
    auto step = std::make_shared<Step>(Step{client, std::move(chain), std::move(done)});
    step->next(0, step);
}

// readJobStatus's reads in flight; the last one to finish answers. The first
// refusal other than NoNode fails the whole read.
struct Join {
    std::mutex mu;
    Result<JobStatus> result;  // GUARDED_BY(mu)
    int pending = 5;           // GUARDED_BY(mu)
    Callback<JobStatus> done;
    void fail(const std::string& message, proto::Err err) {
        std::lock_guard lock(mu);
        if (result.ok()) {
            result.code = Code::ZooKeeper;
            result.err = err;
            result.message = message;
        }
    }
    void problem(std::string text) {
        std::lock_guard lock(mu);
        result.value.problems.push_back(std::move(text));
    }
    void finishOne() {
        Result<JobStatus> out;
        {
            std::lock_guard lock(mu);
            if (--pending > 0) return;
            out = std::move(result);
        }
        if (out.ok()) std::sort(out.value.problems.begin(), out.value.problems.end());
        else out.value = {};
        done(std::move(out));
    }
};

// Reads every child of `dir` (JOB/status, JOB/overrides) with its data,
// parsed by `parse` into (status.*field)[name]. A node that does not parse
// is a problem; a missing `dir` is one when `required`.
template <class T>
void readEachChild(client::Client& client, const std::shared_ptr<Join>& join, const std::string& dir,
                   std::optional<T> (*parse)(std::string_view, std::string*),
                   std::map<std::string, T> JobStatus::*field, bool required) {
    client.getChildren(dir, false, [&client, join, dir, parse, field, required](client::Result<std::vector<std::string>> r) {
        if (!r.ok()) {
            if (r.err != proto::Err::NoNode) join->fail(r.message, r.err);
            else if (required) join->problem(dir + " is missing.");
            return join->finishOne();
        }
        client.getChildrenWithStats(
            dir, r.value, client::RowDetail::StatAndData,
            [join, dir, parse, field](client::Result<std::vector<client::ChildRow>> rows) {
                if (!rows.ok()) {
                    join->fail(rows.message, rows.err);
                    return join->finishOne();
                }
                for (const client::ChildRow& row : rows.value) {
                    const std::string path = dir + "/" + row.name;
                    if (row.err == proto::Err::NoNode) continue;  // gone meanwhile (a worker left)
                    if (row.err != proto::Err::Ok) {
                        join->fail(client::describeError(row.err, client::Operation::GetData, path), row.err);
                        continue;
                    }
                    std::string why;
                    if (auto value = parse(row.data, &why)) {
                        std::lock_guard lock(join->mu);
                        (join->result.value.*field)[row.name] = std::move(*value);
                    } else {
                        join->problem(path + ": " + why);
                    }
                }
                join->finishOne();
            });
    });
}

}  // namespace

void setupJob(client::Client& client, const std::string& job, const JobConfig& config, Callback<client::Empty> done) {
    if (auto bad = checkJobPath(job); !bad.empty()) return done(failure<client::Empty>(Code::BadArgument, bad));
    if (auto bad = checkSetup(config); !bad.empty()) return done(failure<client::Empty>(Code::BadArgument, bad));
    const JobPaths paths(job);
    std::vector<client::Op> ops;
    ops.push_back(client::Op::makeCreate(paths.config(), toJson(config)));
    for (const std::string& dir : {paths.members(), paths.election(), paths.locks(), paths.offsets(), paths.statuses()})
        ops.push_back(client::Op::makeCreate(dir, ""));
    const std::string zero = toJson(OffsetRecord{});
    for (int p = 0; p < config.partitions; ++p) ops.push_back(client::Op::makeCreate(paths.offset(p), zero));
    Assignment none;
    none.vnodes = config.vnodes;
    ops.push_back(client::Op::makeCreate(paths.assignment(), toJson(none)));

    const int partitions = config.partitions;
    ensurePath(client, paths.root, [&client, ops = std::move(ops), paths, partitions, done](client::Result<client::Empty> made) {
        if (!made.ok()) return done(refused<client::Empty>(made));
        client.multi(ops, [ops, paths, partitions, done](client::Result<std::vector<client::OpResult>> r) {
            if (r.ok()) {
                spdlog::info("stream: set up {} ({} partitions)", paths.root, partitions);
                return done({});
            }
            // The failing op names the node; the config first means "already set up".
            for (size_t i = 0; i < r.value.size() && i < ops.size(); ++i) {
                const auto err = r.value[i].err;
                if (err == proto::Err::Ok || err == proto::Err::RuntimeInconsistency) continue;
                if (i == 0 && err == proto::Err::NodeExists)
                    return done(failure<client::Empty>(Code::AlreadySetUp, paths.root + " is already set up (" +
                                                                               paths.config() + " exists).", err));
                return done(failure<client::Empty>(
                    Code::ZooKeeper, client::describeError(err, client::Operation::Create, ops[i].path), err));
            }
            done(refused<client::Empty>(r));
        });
    });
}

void readJobStatus(client::Client& client, const std::string& job, Callback<JobStatus> done) {
    if (auto bad = checkJobPath(job); !bad.empty()) return done(failure<JobStatus>(Code::BadArgument, bad));
    const JobPaths paths(job);
    client.getData(paths.config(), false, [&client, paths, done](client::Result<client::NodeData> c) {
        if (c.err == proto::Err::NoNode)
            return done(failure<JobStatus>(Code::NotSetUp, paths.root + " is not set up (no " + paths.config() + ")."));
        if (!c.ok()) return done(refused<JobStatus>(c));
        std::string error;
        auto config = parseConfig(c.value.data, &error);
        if (!config) return done(failure<JobStatus>(Code::Damaged, paths.config() + ": " + error));

        auto join = std::make_shared<Join>();
        join->done = done;
        join->result.value.config = *config;
        join->result.value.configVersion = c.value.stat.version;
        const int partitions = config->partitions;

        client.getChildren(paths.members(), false, [join, paths](client::Result<std::vector<std::string>> r) {
            if (r.ok()) {
                std::sort(r.value.begin(), r.value.end());
                std::lock_guard lock(join->mu);
                join->result.value.members = std::move(r.value);
            } else if (r.err == proto::Err::NoNode) {
                join->problem(paths.members() + " is missing.");
            } else {
                join->fail(r.message, r.err);
            }
            join->finishOne();
        });
        client.getData(paths.assignment(), false, [join, paths](client::Result<client::NodeData> r) {
            if (r.ok()) {
                std::string why;
                if (auto a = parseAssignment(r.value.data, &why)) {
                    std::lock_guard lock(join->mu);
                    join->result.value.generation = a->generation;
                    join->result.value.assignment = std::move(*a);
                } else {
                    join->problem(paths.assignment() + ": " + why);
                }
            } else if (r.err == proto::Err::NoNode) {
                join->problem(paths.assignment() + " is missing.");
            } else {
                join->fail(r.message, r.err);
            }
            join->finishOne();
        });
        std::vector<std::string> names;
        for (int p = 0; p < partitions; ++p) names.push_back(std::to_string(p));
        client.getChildrenWithStats(
            paths.offsets(), names, client::RowDetail::StatAndData,
            [join, paths](client::Result<std::vector<client::ChildRow>> r) {
                if (!r.ok()) {
                    join->fail(r.message, r.err);
                    return join->finishOne();
                }
                for (const client::ChildRow& row : r.value) {
                    const int p = std::stoi(row.name);
                    if (row.err == proto::Err::NoNode) {
                        join->problem(paths.offset(p) + " is missing.");
                    } else if (row.err != proto::Err::Ok) {
                        join->fail(client::describeError(row.err, client::Operation::GetData, paths.offset(p)), row.err);
                    } else {
                        std::string why;
                        if (auto rec = parseOffset(row.data, &why)) {
                            std::lock_guard lock(join->mu);
                            join->result.value.offsets[p] = std::move(*rec);
                        } else {
                            join->problem(paths.offset(p) + ": " + why);
                        }
                    }
                }
                join->finishOne();
            });
        readEachChild<WorkerStatus>(client, join, paths.statuses(), parseWorkerStatus, &JobStatus::workers, true);
        readEachChild<ConfigChange>(client, join, paths.overrides(), parseOverrides, &JobStatus::overrides, false);
    });
}

void changeConfig(client::Client& client, const std::string& job, const ConfigChange& change, Callback<JobConfig> done) {
    if (auto bad = checkJobPath(job); !bad.empty()) return done(failure<JobConfig>(Code::BadArgument, bad));
    if (change.empty()) return done(failure<JobConfig>(Code::BadArgument, "The change is empty."));
    struct Attempt {
        client::Client& client;
        JobPaths paths;
        ConfigChange change;
        Callback<JobConfig> done;
        int triesLeft = 20;
        void run(const std::shared_ptr<Attempt>& self) {
            client.getData(paths.config(), false, [self](client::Result<client::NodeData> c) {
                if (c.err == proto::Err::NoNode)
                    return self->done(failure<JobConfig>(Code::NotSetUp, self->paths.root + " is not set up (no " +
                                                                             self->paths.config() + ")."));
                if (!c.ok()) return self->done(refused<JobConfig>(c));
                std::string error;
                auto config = parseConfig(c.value.data, &error);
                if (!config) return self->done(failure<JobConfig>(Code::Damaged, self->paths.config() + ": " + error));
                const JobConfig next = applyChange(*config, self->change);
                self->client.setData(self->paths.config(), toJson(next), c.value.stat.version,
                                     [self, next](client::Result<proto::Stat> w) {
                                         if (w.err == proto::Err::BadVersion && --self->triesLeft > 0)
                                             return self->run(self);
                                         if (!w.ok()) return self->done(refused<JobConfig>(w));
                                         Result<JobConfig> out;
                                         out.value = next;
                                         self->done(std::move(out));
                                     });
            });
        }
    };
    auto attempt = std::make_shared<Attempt>(Attempt{client, JobPaths(job), change, std::move(done)});
    attempt->run(attempt);
}

void changeWorkerConfig(client::Client& client, const std::string& job, const std::string& id,
                        const ConfigChange& change, Callback<ConfigChange> done) {
    if (auto bad = checkJobPath(job); !bad.empty()) return done(failure<ConfigChange>(Code::BadArgument, bad));
    if (auto bad = checkWorkerId(id); !bad.empty()) return done(failure<ConfigChange>(Code::BadArgument, bad));
    if (change.empty()) return done(failure<ConfigChange>(Code::BadArgument, "The change is empty."));
    // Read JOB/config (is the job set up?), then the worker's node: merge and
    // compare-and-set it, or create it; a writer that came first (BadVersion,
    // NodeExists, NoNode) makes it read again.
    struct Attempt {
        client::Client& client;
        JobPaths paths;
        std::string node;
        ConfigChange change;
        Callback<ConfigChange> done;
        int triesLeft = 20;
        void written(const std::shared_ptr<Attempt>& self, proto::Err err, const std::string& message,
                     const ConfigChange& now) {
            const bool raced = err == proto::Err::BadVersion || err == proto::Err::NodeExists || err == proto::Err::NoNode;
            if (raced && --triesLeft > 0) return run(self);
            if (err != proto::Err::Ok) return done(failure<ConfigChange>(Code::ZooKeeper, message, err));
            spdlog::info("stream: {} now overrides {}", node, toJson(now));
            Result<ConfigChange> out;
            out.value = now;
            done(std::move(out));
        }
        void run(const std::shared_ptr<Attempt>& self) {
            client.exists(paths.config(), false, [self](client::Result<std::optional<proto::Stat>> c) {
                if (!c.ok()) return self->done(refused<ConfigChange>(c));
                if (!c.value)
                    return self->done(failure<ConfigChange>(Code::NotSetUp, self->paths.root + " is not set up (no " +
                                                                                self->paths.config() + ")."));
                self->client.getData(self->node, false, [self](client::Result<client::NodeData> r) {
                    if (r.err == proto::Err::NoNode) return self->create(self);
                    if (!r.ok()) return self->done(refused<ConfigChange>(r));
                    std::string error;
                    auto old = parseOverrides(r.value.data, &error);
                    if (!old) return self->done(failure<ConfigChange>(Code::Damaged, self->node + ": " + error));
                    const ConfigChange next = mergeChange(*old, self->change);
                    self->client.setData(self->node, toJson(next), r.value.stat.version,
                                         [self, next](client::Result<proto::Stat> w) {
                                             self->written(self, w.err, w.message, next);
                                         });
                });
            });
        }
        void create(const std::shared_ptr<Attempt>& self) {
            ensurePath(client, paths.overrides(), [self](client::Result<client::Empty> made) {
                if (!made.ok()) return self->done(refused<ConfigChange>(made));
                self->client.create(self->node, toJson(self->change), {}, [self](client::Result<client::Created> c) {
                    self->written(self, c.err, c.message, self->change);
                });
            });
        }
    };
    const JobPaths paths(job);
    auto attempt = std::make_shared<Attempt>(Attempt{client, paths, paths.workerOverrides(id), change, std::move(done)});
    attempt->run(attempt);
}

void clearWorkerConfig(client::Client& client, const std::string& job, const std::string& id,
                       Callback<client::Empty> done) {
    if (auto bad = checkJobPath(job); !bad.empty()) return done(failure<client::Empty>(Code::BadArgument, bad));
    if (auto bad = checkWorkerId(id); !bad.empty()) return done(failure<client::Empty>(Code::BadArgument, bad));
    const std::string node = JobPaths(job).workerOverrides(id);
    client.remove(node, -1, [node, done](client::Result<client::Empty> r) {
        if (!r.ok() && r.err != proto::Err::NoNode) return done(refused<client::Empty>(r));
        spdlog::info("stream: {} cleared", node);
        done({});
    });
}

}  // namespace zooscope::stream
