// A generator's edges as text, in the order the generator lists them.
#include <charconv>

#include "eddy/graph/generators.hpp"
#include "eddy/runtime/ordered_output.hpp"

namespace eddy {

void write_generator_edge_list(const communicator& comm, const graph_generator& g, bool weighted,
                               bool both_directions, const std::string& path) {
  const io::edge_columns edges = generator_columns(g, comm.rank(), comm.size(), weighted, both_directions);
  std::vector<char> text;
  char line[96];
  for (std::size_t i = 0; i < edges.src.size(); ++i) {
    char* p = std::to_chars(line, line + 24, edges.src[i]).ptr;
    *p++ = ' ';
    p = std::to_chars(p, p + 24, edges.dst[i]).ptr;
    if (weighted) {
      *p++ = ' ';
      p = std::to_chars(p, line + sizeof line - 1, edges.weight[i]).ptr;  // shortest text that reads back equal
    }
    *p++ = '\n';
    text.insert(text.end(), line, p);
  }
  write_rank_ordered(comm, text, path);
}

}  // namespace eddy
