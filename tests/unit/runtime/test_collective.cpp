#include <gtest/gtest.h>

#include "eddy/runtime/collective.hpp"

namespace eddy {
namespace {

TEST(Collective, AnErrorOnOneRankBecomesTheSameErrorOnAllRanks) {
  communicator comm;
  const int culprit = comm.size() - 1;
  try {
    agree(comm, [&] {
      if (comm.rank() == culprit) throw input_error("graph.txt", 7, "bad line");
    });
    FAIL() << "no error raised";
  } catch (const collective_error& e) {
    EXPECT_STREQ(e.what(), "graph.txt:7: bad line");
    EXPECT_EQ(e.code(), exit_code::bad_input);
  }
}

TEST(Collective, TheLowestFailingRankWins) {
  communicator comm;
  try {
    agree(comm, [&] { throw error("rank " + std::to_string(comm.rank())); });
    FAIL() << "no error raised";
  } catch (const collective_error& e) {
    EXPECT_STREQ(e.what(), "rank 0");
  }
}

TEST(Collective, NoErrorMeansEveryoneContinues) {
  communicator comm;
  EXPECT_NO_THROW(agree(comm, [] {}));
  EXPECT_NO_THROW(agree_that(comm, true, "never"));
}

}  // namespace
}  // namespace eddy
