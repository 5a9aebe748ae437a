#pragma once

namespace eddy {

// Which edges of a vertex count. Scatter-gather: where messages go; gather-sum-apply: the
// neighbours a vertex gathers from; the Graph API's neighbourhoods: the edges reduced over.
enum class edge_direction { out, in, all };

}  // namespace eddy
