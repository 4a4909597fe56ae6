# MAINTAINERS in `pieces` seeds spread over the file, each whole sections up to `limit` bytes.
# Usage: awk -v out=DIR -v pieces=16 -v limit=4096 -f split_maintainers.awk MAINTAINERS
BEGIN { RS = "" }
{ section[NR] = $0 "\n\n" }
END {
  for (k = 0; k < pieces; ++k) {
    piece = ""
    for (i = 1 + int(k * NR / pieces); i <= NR && length(piece) + length(section[i]) <= limit; ++i) {
      piece = piece section[i]
    }
    if (piece == "") {
      piece = substr(section[i], 1, limit)
    }
    file = sprintf("%s/MAINTAINERS-%02d", out, k + 1)
    printf "%s", piece > file
    close(file)
  }
}
