#pragma once
// Readers for SNAP-style edge lists and LDBC vertex lists, plain or gzip-compressed.
//
// Each of `parts` readers (usually one per MPI rank) calls the function with its own `part`; the
// parts together return every record of the file exactly once. Plain files are split into equal
// byte ranges (a line belongs to the part holding its first byte); gzip files cannot be entered in
// the middle, so every part decompresses the whole stream and keeps lines i with i % parts == part.
//
// Format: one record per line, fields separated by runs of spaces/tabs, CRLF accepted, blank
// lines and lines starting with '#' or '%' skipped. Every bad line throws eddy::input_error naming
// the file and its 1-based line number; a missing file throws input_error(path, 0, ...).
#include <cstdint>
#include <string>
#include <vector>

#include "eddy/io/edge_record.hpp"

namespace eddy::io {

struct edge_list_options {
  // true: a third column (finite, >= 0) is required. false: a numeric third column is ignored.
  bool weighted = false;
};

// Edges of part `part` (0-based) of `parts` of a SNAP-style edge list `SRC DST [WEIGHT]`.
std::vector<edge_record> read_edge_list(const std::string& path, int part, int parts,
                                        const edge_list_options& options);

// The same edges as columns (weights only when options.weighted): what graph loading reads.
edge_columns read_edge_columns(const std::string& path, int part, int parts, const edge_list_options& options);

// Vertex ids of one part of a one-id-per-line file (LDBC NAME.v), same rules for comments/blanks.
std::vector<std::uint64_t> read_vertex_list(const std::string& path, int part, int parts);

// Error path helper: throws input_error(path, LINE, what) for the first line of the edge list that
// names vertex `id`; returns normally when no line does.
void report_edge_naming(const std::string& path, std::uint64_t id, const std::string& what);

}  // namespace eddy::io
