#include <gtest/gtest.h>

#include <tbb/parallel_for.h>

#include <cstdlib>
#include <new>
#include <stdexcept>
#include <string>

#include "eddy/runtime/collective.hpp"
#include "eddy/runtime/fault_injection.hpp"
#include "eddy/runtime/threads.hpp"

namespace eddy {
namespace {

void expect_plan(const char* text, fault_kind kind, int rank, fault_place place, std::uint64_t n) {
  const fault_plan plan = parse_fault_plan(text);
  EXPECT_EQ(plan.kind, kind) << text;
  EXPECT_EQ(plan.rank, rank) << text;
  EXPECT_EQ(plan.place, place) << text;
  EXPECT_EQ(plan.occurrence, n) << text;
}

TEST(FaultPlan, ParsesEveryFormAndDefaultsToTheFirstLoad) {
  expect_plan("exception@0", fault_kind::exception, 0, fault_place::load, 0);
  expect_plan("bad_alloc@3:superstep", fault_kind::bad_alloc, 3, fault_place::superstep, 0);
  expect_plan("exception@1:superstep:7", fault_kind::exception, 1, fault_place::superstep, 7);
  expect_plan("read@12:load:2", fault_kind::read, 12, fault_place::load, 2);
}

TEST(FaultPlan, AMalformedValueIsAUsageErrorQuotingIt) {
  for (const char* bad : {"", "exception", "oops@1", "exception@", "exception@-1", "exception@1x",
                          "exception@1:", "exception@1:nowhere", "exception@1:superstep:",
                          "exception@1:superstep:-2", "exception@1:superstep:2:9",
                          "read@1:superstep", "exception@99999999999"}) {
    try {
      (void)parse_fault_plan(bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const usage_error& e) {
      EXPECT_NE(std::string(e.what()).find(std::string("EDDY_INJECT_FAULT=") + bad + ":"), std::string::npos)
          << e.what();
    }
  }
}

// The variable is read by every rank; a value no rank can use fails on all of them alike.
TEST(FaultPlan, ARankTheJobLacksIsTheSameUsageErrorEverywhere) {
  communicator comm;
  const std::string value = "exception@" + std::to_string(comm.size());
  ::setenv(fault_variable, value.c_str(), 1);  // NOLINT(concurrency-mt-unsafe): no other thread reads it
  try {
    arm_fault_injection(comm);
    ADD_FAILURE() << "accepted " << value;
  } catch (const collective_error& e) {
    EXPECT_EQ(e.code(), exit_code::usage);
    EXPECT_NE(std::string(e.what()).find("has no rank"), std::string::npos) << e.what();
  }
  ::unsetenv(fault_variable);  // NOLINT(concurrency-mt-unsafe): no other thread reads it
  EXPECT_FALSE(detail::fault_armed);
}

TEST(FaultPoint, OnlyTheNamedRankFailsAndOnlyAtTheNthVisitOfItsPlace) {
  communicator comm;
  const int culprit = comm.size() - 1;
  const std::string value = "exception@" + std::to_string(culprit) + ":superstep:2";
  ::setenv(fault_variable, value.c_str(), 1);  // NOLINT(concurrency-mt-unsafe): no other thread reads it
  arm_fault_injection(comm);
  ::unsetenv(fault_variable);  // NOLINT(concurrency-mt-unsafe): no other thread reads it
  EXPECT_EQ(detail::fault_armed, comm.rank() == culprit);
  fault_point(fault_place::load);  // another place: not counted
  fault_point(fault_place::superstep);
  fault_point(fault_place::superstep);
  if (comm.rank() == culprit) {
    EXPECT_THROW(fault_point(fault_place::superstep), std::runtime_error);
  } else {
    EXPECT_NO_THROW(fault_point(fault_place::superstep));
  }
  fault_point(fault_place::superstep);  // strikes once
  detail::disarm_fault();
}

// Ranks compute on TBB workers: a failure there must reach the rank's main thread with its type,
// where eddy turns it into the job's one message.
template <class Expected>
void expect_propagates_from_workers(fault_kind kind) {
  detail::arm_fault({kind, 0, fault_place::load, 500});
  const std::string path = "graph.el";
  EXPECT_THROW(with_threads(2, [&] { tbb::parallel_for(0, 1000, [&](int) { fault_point_read(path); }); }),
               Expected);
  detail::disarm_fault();
}

TEST(FaultPoint, FailuresOnWorkerThreadsReachTheCallerWithTheirType) {
  expect_propagates_from_workers<std::bad_alloc>(fault_kind::bad_alloc);
  expect_propagates_from_workers<std::runtime_error>(fault_kind::exception);
  expect_propagates_from_workers<input_error>(fault_kind::read);
}

TEST(FaultPoint, AReadFaultIsTheReadErrorOfTheFileBeingRead) {
  detail::arm_fault({fault_kind::read, 0, fault_place::load, 0});
  try {
    fault_point_read("graph.el");
    ADD_FAILURE() << "no read error";
  } catch (const input_error& e) {
    EXPECT_EQ(e.file(), "graph.el");
    EXPECT_EQ(e.code(), exit_code::bad_input);
    EXPECT_NE(std::string(e.what()).find("read error"), std::string::npos) << e.what();
  }
  detail::disarm_fault();
}

}  // namespace
}  // namespace eddy
