#!/usr/bin/env python3
"""Reference computations for bench/analysis.ts with python-igraph or networkx.

Reads a directed graph (edges u -> v: "u depends on v") as little-endian uint32 pairs,
then for the given vertices computes either
  rank: the number of vertices that reach v (its transitive dependents, v excluded), or
  spof: the number of vertices v reaches (its transitive dependencies, v excluded),
writes the counts as uint32 to --out, and prints timings as JSON on stdout. Timings cover
building the library's graph from the edge list and the computation, not file reading.
"""
import argparse
import json
import sys
import time
from array import array


def read_u32(path):
    a = array("I")
    with open(path, "rb") as f:
        a.frombytes(f.read())
    if sys.byteorder != "little":
        a.byteswap()
    return a


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--lib", choices=["igraph", "networkx"], required=True)
    p.add_argument("--quantity", choices=["rank", "spof"], required=True)
    p.add_argument("--n", type=int, required=True)
    p.add_argument("--edges", required=True)
    p.add_argument("--vertices", required=True)
    p.add_argument("--out", required=True)
    a = p.parse_args()

    flat = read_u32(a.edges)
    vertices = list(read_u32(a.vertices))
    pairs = list(zip(flat[0::2], flat[1::2]))

    if a.lib == "igraph":
        import igraph

        t0 = time.perf_counter()
        g = igraph.Graph(n=a.n, edges=pairs, directed=True)
        t1 = time.perf_counter()
        mode = "in" if a.quantity == "rank" else "out"
        sizes = g.neighborhood_size(vertices=vertices, order=a.n, mode=mode)
        counts = [s - 1 for s in sizes]
        t2 = time.perf_counter()
        version = igraph.__version__
    else:
        import networkx as nx

        t0 = time.perf_counter()
        g = nx.DiGraph()
        g.add_nodes_from(range(a.n))
        g.add_edges_from(pairs)
        t1 = time.perf_counter()
        walk = nx.ancestors if a.quantity == "rank" else nx.descendants
        counts = [len(walk(g, v)) for v in vertices]
        t2 = time.perf_counter()
        version = nx.__version__

    with open(a.out, "wb") as f:
        out = array("I", counts)
        if sys.byteorder != "little":
            out.byteswap()
        f.write(out.tobytes())
    json.dump({"lib": a.lib, "version": version, "build_ms": (t1 - t0) * 1e3, "compute_ms": (t2 - t1) * 1e3}, sys.stdout)


if __name__ == "__main__":
    main()
