// The CI templates in ci/ are valid YAML with the jobs ci/README.md describes, and every
// `patchflow` command in them runs for real, as the CI would run it, on the bundled stack.
//
// How a job is run here: in a fresh copy of the bundled stack, each GitHub step (each GitLab
// job's before_script + script items) that invokes patchflow runs under `bash -eo pipefail`, as
// both CIs run scripts, with the template's own env/variables and its CI variables given real
// values (matrix shard and job total, CI_NODE_INDEX/CI_NODE_TOTAL). Steps that install packages,
// build patchflow or put it on PATH are the test's own set-up instead: `patchflow` on PATH is a
// wrapper around the built binary that records every call and its exit code. In the sharded
// build jobs the policies' build command only counts its runs: each shard must build its own
// commits of every topic, once (the check tests run the real `make -s check`).
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>

#include "patchflow/check/request.hpp"
#include "patchflow/config/loader.hpp"
#include "patchflow/core/json.hpp"
#include "patchflow/core/text.hpp"
#include "patchflow/git/repository.hpp"
#include "patchflow/materialize/materialize.hpp"
#include "support/process.hpp"
#include "support/temp_repo.hpp"

namespace patchflow::ci {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

const std::string k_source = PATCHFLOW_SOURCE_DIR;
const std::string k_github = k_source + "/ci/github/patchflow.yml";
const std::string k_gitlab = k_source + "/ci/gitlab/patchflow.gitlab-ci.yml";

// ---- reading the templates -------------------------------------------------------------------

// The `patchflow ...` commands of a shell script: the word `patchflow` where a command starts
// (line start, after ; & | `$(`, do, then, else) up to what ends the command; backslash-newline
// continuations joined first.
std::vector<std::string> patchflow_commands(const std::string& script) {
  const std::string joined = std::regex_replace(script, std::regex("[ \t]*\\\\\n[ \t]*"), " ");
  static const std::regex k_command(
      "(?:^|[;&|]|\\$\\(|\\bdo\\b|\\bthen\\b|\\belse\\b)[ \t]*(patchflow[ \t][^;&|)]*)");
  std::vector<std::string> out;
  for (const auto line : text::split_lines(joined)) {
    const std::string s(line);
    for (std::sregex_iterator it(s.begin(), s.end(), k_command), end; it != end; ++it) {
      out.emplace_back(text::trim((*it)[1].str()));
    }
  }
  return out;
}

// A command's shell words with quotes removed; nullopt for a word that holds a variable or a
// command substitution (it matches any word).
std::vector<std::optional<std::string>> words_of(const std::string& command) {
  std::vector<std::optional<std::string>> words;
  std::string word;
  bool in_word = false, variable = false;
  char quote = 0;
  auto flush = [&] {
    if (in_word) {
      words.push_back(variable ? std::nullopt : std::optional<std::string>(word));
    }
    word.clear();
    in_word = variable = false;
  };
  for (const char c : command) {
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else {
        variable = variable || (quote == '"' && c == '$');
        word += c;
      }
    } else if (c == '"' || c == '\'') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      flush();
    } else {
      variable = variable || c == '$';
      word += c;
      in_word = true;
    }
  }
  flush();
  return words;
}

// One call of the patchflow wrapper: its exit code and arguments.
struct Call {
  int exit_code = -1;
  std::vector<std::string> args;

  // The subcommand: the first word that is neither a global option nor its value.
  std::string subcommand() const {
    for (std::size_t i = 0; i < args.size(); ++i) {
      if (args[i] == "--repo" || args[i] == "--stack" || args[i] == "--color") {
        ++i;
      } else if (args[i].rfind("--", 0) != 0) {
        return args[i];
      }
    }
    return {};
  }
  std::string joined() const { return "patchflow " + text::join(args, " "); }
};

bool matches(const std::vector<std::optional<std::string>>& pattern, const Call& call) {
  // pattern[0] is "patchflow" itself
  if (pattern.size() != call.args.size() + 1) {
    return false;
  }
  for (std::size_t i = 0; i < call.args.size(); ++i) {
    if (pattern[i + 1] && *pattern[i + 1] != call.args[i]) {
      return false;
    }
  }
  return true;
}

// GitHub `${{ ... }}` expressions replaced by their values; one left unknown fails the test.
std::string substitute(std::string script, const std::map<std::string, std::string>& values) {
  for (const auto& [expression, value] : values) {
    for (auto at = script.find(expression); at != std::string::npos;
         at = script.find(expression, at + value.size())) {
      script.replace(at, expression.size(), value);
    }
  }
  EXPECT_EQ(script.find("${{"), std::string::npos) << "an expression the test cannot give a "
                                                      "value to:\n"
                                                   << script;
  return script;
}

// A job as this test runs it: the scripts that invoke patchflow, in order, and its environment.
struct Job {
  std::string name;
  std::vector<std::string> scripts;
  std::map<std::string, std::string> env;
  bool separate_shells = true;  // GitHub: one shell per step; GitLab: one for the whole job
};

std::map<std::string, std::string> string_map(const YAML::Node& node) {
  std::map<std::string, std::string> out;
  if (node && node.IsMap()) {
    for (const auto& item : node) {
      out[item.first.as<std::string>()] = item.second.as<std::string>();
    }
  }
  return out;
}

Job github_job(const YAML::Node& workflow, const std::string& name,
               const std::map<std::string, std::string>& expressions) {
  Job job;
  job.name = name;
  job.env = string_map(workflow["env"]);
  const YAML::Node node = workflow["jobs"][name];
  for (const auto& [key, value] : string_map(node["env"])) {
    job.env[key] = value;
  }
  for (const auto& step : node["steps"]) {
    if (step["run"] && !patchflow_commands(step["run"].as<std::string>()).empty()) {
      EXPECT_FALSE(step["env"]) << "step env is not given to the script by this test";
      job.scripts.push_back(substitute(step["run"].as<std::string>(), expressions));
    }
  }
  return job;
}

// GitLab's `extends`: the parent's keys, with the child's on top (maps merged, lists replaced).
YAML::Node merged(const YAML::Node& parent, const YAML::Node& child) {
  YAML::Node out = YAML::Clone(parent);
  for (const auto& item : child) {
    const std::string key = item.first.as<std::string>();
    if (out[key] && out[key].IsMap() && item.second.IsMap()) {
      out[key] = merged(out[key], item.second);
    } else {
      out[key] = YAML::Clone(item.second);
    }
  }
  return out;
}

YAML::Node gitlab_resolved(const YAML::Node& pipeline, const std::string& name) {
  const YAML::Node node = pipeline[name];
  EXPECT_TRUE(node && node.IsMap()) << name;
  if (!node["extends"]) {
    return YAML::Clone(node);
  }
  std::vector<std::string> parents;
  if (node["extends"].IsSequence()) {
    for (const auto& parent : node["extends"]) {
      parents.push_back(parent.as<std::string>());
    }
  } else {
    parents.push_back(node["extends"].as<std::string>());
  }
  YAML::Node base(YAML::NodeType::Map);
  for (const auto& parent : parents) {
    base = merged(base, gitlab_resolved(pipeline, parent));
  }
  YAML::Node own = YAML::Clone(node);
  own.remove("extends");
  YAML::Node out = merged(base, own);
  out.remove("extends");
  return out;
}

Job gitlab_job(const YAML::Node& pipeline, const std::string& name) {
  Job job;
  job.name = name;
  job.separate_shells = false;
  job.env = string_map(pipeline["variables"]);
  const YAML::Node node = gitlab_resolved(pipeline, name);
  for (const auto& [key, value] : string_map(node["variables"])) {
    job.env[key] = value;
  }
  for (const char* part : {"before_script", "script"}) {
    for (const auto& item : node[part]) {
      if (!patchflow_commands(item.as<std::string>()).empty()) {
        job.scripts.push_back(item.as<std::string>());
      }
    }
  }
  return job;
}

// ---- running them ----------------------------------------------------------------------------

struct JobRun {
  std::unique_ptr<TempDir> dir;
  std::string stack;  // the copy of the bundled stack the job ran in
  testing::ProcessResult shell;
  std::vector<Call> calls;
  int builds = 0;  // runs of the policies' build command
};

// The policies' build command (`make -s check`, minutes for every commit of the stack on a
// loaded machine; the check tests build for real) becomes one that only counts its runs.
void count_builds_instead(const std::string& stack, const std::string& log) {
  static const std::regex k_build("(^|\n)build:[^\n]*");
  for (const auto& entry : fs::directory_iterator(stack + "/policies")) {
    const std::string yaml = text::read_file(entry.path().string());
    const std::string counted =
        std::regex_replace(yaml, k_build, "$1build: \"echo built >> '" + log + "'\"");
    EXPECT_NE(counted, yaml) << entry.path() << " has no build command";
    text::write_file_atomically(entry.path().string(), counted);
  }
}

// Writes `patchflow` into bin: runs the built binary, appends "code\x1farg\x1farg..." to log.
void write_wrapper(const std::string& bin, const std::string& log) {
  fs::create_directories(bin);
  const std::string path = bin + "/patchflow";
  std::ofstream(path) << "#!/bin/sh\n"
                      << "'" << PATCHFLOW_BINARY << "' \"$@\"\n"
                      << "rc=$?\n"
                      << "{ printf '%s' \"$rc\"; for a in \"$@\"; do printf '\\037%s' \"$a\"; done;"
                      << " printf '\\n'; } >> '" << log << "'\n"
                      << "exit $rc\n";
  fs::permissions(path, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);
}

std::vector<Call> read_calls(const std::string& log) {
  std::vector<Call> calls;
  if (!fs::exists(log)) {
    return calls;
  }
  const std::string records = text::read_file(log);
  for (const auto line : text::split_lines(records)) {
    auto fields = text::split(line, '\x1f');
    Call call;
    const std::string& code = fields.front();
    if (code.empty() || code.find_first_not_of("0123456789") != std::string::npos) {
      ADD_FAILURE() << "not a call record: '" << line << "'";
      continue;
    }
    call.exit_code = std::stoi(code);
    call.args.assign(fields.begin() + 1, fields.end());
    calls.push_back(std::move(call));
  }
  return calls;
}

JobRun run_job(const Job& job, const std::map<std::string, std::string>& ci_env,
               bool count_builds = false) {
  JobRun run;
  run.dir = std::make_unique<TempDir>();
  run.stack = run.dir->path() + "/stack";
  fs::create_directories(run.stack);
  for (const char* part : {"stack", "topics", "merge-branches", "policies"}) {
    fs::copy(k_source + "/" + part, run.stack + "/" + part, fs::copy_options::recursive);
  }
  const std::string build_log = run.dir->path() + "/builds";
  if (count_builds) {
    count_builds_instead(run.stack, build_log);
  }
  const std::string log = run.dir->path() + "/calls";
  write_wrapper(run.dir->path() + "/bin", log);
  std::map<std::string, std::string> env = job.env;
  for (const auto& [key, value] : ci_env) {
    env[key] = value;
  }
  env["PATH"] = run.dir->path() + "/bin:/usr/local/bin:/usr/bin:/bin";
  env["HOME"] = run.dir->path() + "/home";
  env["GITHUB_PATH"] = run.dir->path() + "/github-path";
  env["GITHUB_WORKSPACE"] = run.stack;
  env["GIT_CONFIG_NOSYSTEM"] = "1";
  env["GIT_CONFIG_GLOBAL"] = "/dev/null";
  env["NO_COLOR"] = "1";
  std::vector<std::string> shells = job.scripts;
  if (!job.separate_shells) {
    shells = {text::join(job.scripts, "\n")};
  }
  for (const auto& script : shells) {
    run.shell = testing::run_process(
        {"bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script}, run.stack, env);
    if (run.shell.exit_code != 0) {
      break;  // the CI stops the job at the first failing step
    }
  }
  run.calls = read_calls(log);
  if (fs::exists(build_log)) {
    const std::string builds = text::read_file(build_log);
    run.builds = static_cast<int>(text::split_lines(builds).size());
  }
  return run;
}

// The bundled stack's topic and merge-branch names, read with the library (not through the
// command the templates use to list them).
const config::StackConfig& bundled_stack() {
  static const config::StackConfig stack = config::load_stack(k_source);
  return stack;
}

// The job passed on the clean bundled stack: every call exists with its options (exit not 2),
// every check and compose is clean (exit 0).
void expect_clean(const JobRun& run, const std::string& what) {
  EXPECT_EQ(run.shell.exit_code, 0) << what << "\n" << run.shell.out << run.shell.err;
  EXPECT_FALSE(run.calls.empty()) << what;
  for (const auto& call : run.calls) {
    EXPECT_NE(call.exit_code, 2) << what << ": usage error from " << call.joined() << "\n"
                                 << run.shell.err;
    const std::string sub = call.subcommand();
    if (sub == "check" || sub == "compose" || sub == "materialize" || sub == "topics") {
      EXPECT_EQ(call.exit_code, 0) << what << ": " << call.joined() << "\n" << run.shell.err;
    }
  }
}

// The last argument of each call of subcommand, in call order.
std::vector<std::string> targets_of(const std::vector<Call>& calls, const std::string& sub) {
  std::vector<std::string> out;
  for (const auto& call : calls) {
    if (call.subcommand() == sub) {
      out.push_back(call.args.back());
    }
  }
  return out;
}

// The value of option name in call ("" when absent).
std::string option_of(const Call& call, const std::string& name) {
  const auto it = std::find(call.args.begin(), call.args.end(), name);
  return it == call.args.end() || it + 1 == call.args.end() ? std::string() : *(it + 1);
}

// Every patchflow command of the job's scripts was run at least once across runs.
void expect_every_command_ran(const Job& job, const std::vector<const JobRun*>& runs) {
  for (const auto& script : job.scripts) {
    for (const auto& command : patchflow_commands(script)) {
      const auto pattern = words_of(command);
      bool ran = false;
      for (const JobRun* run : runs) {
        ran = ran || std::any_of(run->calls.begin(), run->calls.end(),
                                 [&](const Call& call) { return matches(pattern, call); });
      }
      EXPECT_TRUE(ran) << job.name << ": never ran '" << command << "'";
    }
  }
}

// Every merge branch composed once, each after the merge branch it is based on.
void expect_composed_in_order(const std::vector<Call>& calls, const std::string& what) {
  const auto& stack = bundled_stack();
  const auto composed = targets_of(calls, "compose");
  std::multiset<std::string> expected;
  for (const auto& m : stack.merge_branches) {
    expected.insert(m.name);
  }
  EXPECT_EQ(std::multiset<std::string>(composed.begin(), composed.end()), expected) << what;
  for (const auto& m : stack.merge_branches) {
    if (stack.find_merge_branch(m.base) != nullptr) {
      EXPECT_LT(std::find(composed.begin(), composed.end(), m.base),
                std::find(composed.begin(), composed.end(), m.name))
          << what << ": " << m.name << " composed before its base " << m.base;
    }
  }
}

// A materialized copy of the bundled stack, for the templates' fetch mode (STACK_REMOTE).
class CiTemplatesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_remote = std::make_unique<TempDir>();
    materialize::materialize_at(s_remote->path(), bundled_stack(), {});
  }
  static void TearDownTestSuite() { s_remote.reset(); }

  // How many commits `check <topic>` checks, per topic, by the library on the materialized
  // stack: what the shards must build between them.
  static std::map<std::string, std::size_t> commits_per_topic() {
    const git::Repository repo = git::open_repository(s_remote->path());
    check::Context context;
    context.stack = [](bool) { return &bundled_stack(); };
    context.repo = [&repo](bool) { return repo.get(); };
    std::map<std::string, std::size_t> out;
    for (const auto& topic : bundled_stack().topics) {
      check::Request request;
      request.inputs = {topic.name};
      out[topic.name] = check::run(request, context).commits.size();
    }
    return out;
  }

  // The job that checks every topic and composes every merge branch: once materializing the
  // stack, once fetching its branches from a repository that has them.
  static void expect_stack_job(const Job& job) {
    const auto& stack = bundled_stack();
    const JobRun materialized = run_job(job, {});
    expect_clean(materialized, job.name);
    EXPECT_EQ(targets_of(materialized.calls, "check"), stack.topic_names()) << job.name;
    expect_composed_in_order(materialized.calls, job.name);
    EXPECT_EQ(targets_of(materialized.calls, "materialize").size(), 1u) << job.name;
    Job fetching = job;
    fetching.env["STACK_REMOTE"] = s_remote->path();
    const JobRun fetched = run_job(fetching, {});
    expect_clean(fetched, job.name + " (fetch)");
    EXPECT_TRUE(targets_of(fetched.calls, "materialize").empty()) << job.name;
    EXPECT_EQ(targets_of(fetched.calls, "check"), stack.topic_names()) << job.name;
    expect_composed_in_order(fetched.calls, job.name + " (fetch)");
    EXPECT_TRUE(fs::exists(fetched.stack + "/" + job.env.at("STACK_REPO") + "/HEAD")) << job.name;
    expect_every_command_ran(job, {&materialized, &fetched});
  }

  // The sharded build job, one run per shard: every topic checked with --build in each, the
  // shards 1..N each once, one SARIF file per topic and shard, each in its own category.
  static void expect_build_job(const std::vector<Job>& shards) {
    const auto& stack = bundled_stack();
    const auto commits = commits_per_topic();
    std::vector<JobRun> runs;
    std::set<std::string> categories;
    std::vector<std::string> shard_specs;
    for (std::size_t k = 0; k < shards.size(); ++k) {
      const std::string what = shards[k].name + " shard " + std::to_string(k + 1);
      runs.push_back(run_job(shards[k], {}, /*count_builds=*/true));
      const JobRun& run = runs.back();
      expect_clean(run, what);
      EXPECT_EQ(targets_of(run.calls, "check"), stack.topic_names()) << what;
      std::set<std::string> specs;
      for (const auto& call : run.calls) {
        if (call.subcommand() == "check") {
          EXPECT_NE(std::find(call.args.begin(), call.args.end(), "--build"), call.args.end())
              << what << ": " << call.joined();
          specs.insert(option_of(call, "--shard"));
        }
      }
      ASSERT_EQ(specs.size(), 1u) << what;
      shard_specs.push_back(*specs.begin());
      // shard k of N builds the commits i of each topic with i % N == k - 1, each once
      int expected_builds = 0;
      for (const auto& [topic, count] : commits) {
        for (std::size_t i = k; i < count; i += shards.size()) {
          ++expected_builds;
        }
      }
      EXPECT_EQ(run.builds, expected_builds) << what;
      std::size_t files = 0;
      for (const auto& entry : fs::directory_iterator(run.stack + "/sarif")) {
        const auto sarif = patchflow::parse_json(text::read_file(entry.path().string()));
        EXPECT_EQ(sarif["version"], "2.1.0") << entry.path();
        ASSERT_EQ(sarif["runs"].size(), 1u) << entry.path();
        EXPECT_EQ(sarif["runs"][0]["tool"]["driver"]["name"], "patchflow");
        // the bundled stack is clean
        EXPECT_EQ(sarif["runs"][0]["results"], nlohmann::json::array()) << entry.path();
        const std::string id = sarif["runs"][0]["automationDetails"]["id"];
        EXPECT_TRUE(categories.insert(id).second) << "category used twice: " << id;
        ++files;
      }
      EXPECT_EQ(files, stack.topics.size()) << what;
    }
    std::vector<std::string> expected;
    for (std::size_t k = 1; k <= shards.size(); ++k) {
      expected.push_back(std::to_string(k) + "/" + std::to_string(shards.size()));
    }
    EXPECT_EQ(shard_specs, expected);
    std::vector<const JobRun*> all;
    for (const auto& run : runs) {
      all.push_back(&run);
    }
    expect_every_command_ran(shards.front(), all);
  }

  static std::unique_ptr<TempDir> s_remote;
};
std::unique_ptr<TempDir> CiTemplatesTest::s_remote;

TEST(CiTemplatesParseTest, FindsPatchflowCommandsWhereCommandsStart) {
  const std::string script =
      "x=$(patchflow topics --names)\n"
      "for t in $x; do patchflow --repo \"$R\" check \\\n   --terse \"$t\" || s=1; done\n"
      "cp /tmp/build/tools/patchflow/patchflow bin/ && cmake --target patchflow\n"
      "if [ -n \"$A\" ]; then git clone a b; else patchflow materialize; fi\n";
  EXPECT_EQ(patchflow_commands(script),
            (std::vector<std::string>{"patchflow topics --names",
                                      "patchflow --repo \"$R\" check --terse \"$t\"",
                                      "patchflow materialize"}));
  const auto words = words_of("patchflow --repo \"$R\" check --sarif-category 'a b' \"$t\"");
  ASSERT_EQ(words.size(), 7u);
  EXPECT_FALSE(words[2]);
  EXPECT_EQ(words[5], "a b");
  EXPECT_TRUE(matches(words, {0, {"--repo", "r", "check", "--sarif-category", "a b", "x"}}));
  EXPECT_FALSE(matches(words, {0, {"--repo", "r", "check", "--sarif", "a b", "x"}}));
}

TEST_F(CiTemplatesTest, GithubWorkflowHasTheJobsAShardMatrixAndTheSarifUpload) {
  const YAML::Node workflow = YAML::LoadFile(k_github);
  EXPECT_TRUE(workflow["on"]["push"]) << "runs on push";
  EXPECT_TRUE(workflow["on"]["pull_request"]) << "runs on pull requests";
  EXPECT_EQ(workflow["defaults"]["run"]["shell"].as<std::string>(), "bash");
  const YAML::Node jobs = workflow["jobs"];
  for (const char* name : {"build", "stack", "build-check"}) {
    EXPECT_TRUE(jobs[name]) << name;
  }
  const YAML::Node build_check = jobs["build-check"];
  const YAML::Node shards = build_check["strategy"]["matrix"]["shard"];
  ASSERT_TRUE(shards && shards.IsSequence());
  ASSERT_GE(shards.size(), 2u);
  for (std::size_t k = 0; k < shards.size(); ++k) {
    EXPECT_EQ(shards[k].as<int>(), static_cast<int>(k + 1)) << "shards are 1..N";
  }
  EXPECT_EQ(build_check["permissions"]["security-events"].as<std::string>(), "write");
  bool uploads = false;
  for (const auto& step : build_check["steps"]) {
    if (step["uses"] &&
        step["uses"].as<std::string>().rfind("github/codeql-action/upload-sarif@", 0) == 0) {
      uploads = true;
      EXPECT_EQ(step["with"]["sarif_file"].as<std::string>(), "sarif");
      // the category of each run is its SARIF's own automationDetails.id
      EXPECT_FALSE(step["with"]["category"]);
    }
  }
  EXPECT_TRUE(uploads);
}

TEST_F(CiTemplatesTest, GithubStackJobRunsCleanOnTheBundledStack) {
  const YAML::Node workflow = YAML::LoadFile(k_github);
  expect_stack_job(github_job(workflow, "stack", {}));
}

TEST_F(CiTemplatesTest, GithubBuildCheckShardsRunCleanOnTheBundledStack) {
  const YAML::Node workflow = YAML::LoadFile(k_github);
  const YAML::Node shards = workflow["jobs"]["build-check"]["strategy"]["matrix"]["shard"];
  std::vector<Job> jobs;
  for (const auto& shard : shards) {
    jobs.push_back(github_job(workflow, "build-check",
                              {{"${{ matrix.shard }}", shard.as<std::string>()},
                               {"${{ strategy.job-total }}", std::to_string(shards.size())}}));
  }
  expect_build_job(jobs);
}

TEST_F(CiTemplatesTest, GitlabPipelineHasTheJobsParallelShardsAndSarifArtifacts) {
  const YAML::Node pipeline = YAML::LoadFile(k_gitlab);
  std::vector<std::string> stages;
  for (const auto& stage : pipeline["stages"]) {
    stages.push_back(stage.as<std::string>());
  }
  EXPECT_EQ(stages, (std::vector<std::string>{"build", "check"}));
  for (const char* name : {"patchflow-build", "patchflow-check", "patchflow-build-check"}) {
    const YAML::Node job = gitlab_resolved(pipeline, name);
    EXPECT_TRUE(job["script"] && job["script"].IsSequence()) << name;
    EXPECT_TRUE(job["stage"]) << name;
  }
  const YAML::Node build_check = gitlab_resolved(pipeline, "patchflow-build-check");
  ASSERT_TRUE(build_check["parallel"]);
  EXPECT_GE(build_check["parallel"].as<int>(), 2);
  EXPECT_EQ(build_check["artifacts"]["when"].as<std::string>(), "always");
  EXPECT_EQ(build_check["artifacts"]["paths"][0].as<std::string>(), "sarif/");
  EXPECT_EQ(build_check["needs"][0].as<std::string>(), "patchflow-build");
}

TEST_F(CiTemplatesTest, GitlabCheckJobRunsCleanOnTheBundledStack) {
  expect_stack_job(gitlab_job(YAML::LoadFile(k_gitlab), "patchflow-check"));
}

TEST_F(CiTemplatesTest, GitlabBuildCheckParallelJobsRunCleanOnTheBundledStack) {
  const YAML::Node pipeline = YAML::LoadFile(k_gitlab);
  const int total = gitlab_resolved(pipeline, "patchflow-build-check")["parallel"].as<int>();
  std::vector<Job> jobs;
  for (int k = 1; k <= total; ++k) {
    Job job = gitlab_job(pipeline, "patchflow-build-check");
    job.env["CI_NODE_INDEX"] = std::to_string(k);
    job.env["CI_NODE_TOTAL"] = std::to_string(total);
    jobs.push_back(job);
  }
  expect_build_job(jobs);
}

}  // namespace
}  // namespace patchflow::ci
