# Splits mbox/patch files into small seeds: one mail per seed, and a mail over `limit` bytes
# into several, each its message plus as many whole hunks (with their file header) as fit.
# Usage: awk -v out=DIR -v limit=4096 -f split_patches.awk FILE...
# A hunk that alone is over the limit keeps its first lines, its header recounted.
function cut_hunk(unit, room,    parts, count, i, kept, old, new, header, rest, numbers, a, b) {
  count = split(unit, parts, "\n")
  header = parts[1]
  kept = ""; old = 0; new = 0
  for (i = 2; i < count && length(kept) + length(parts[i]) + 1 <= room - length(header) - 40; ++i) {
    if (parts[i] ~ /^[ -]/ || parts[i] == "") {
      ++old
    }
    if (parts[i] ~ /^[ +]/ || parts[i] == "") {
      ++new
    }
    kept = kept parts[i] "\n"
  }
  # "@@ -A[,B] +C[,D] @@ section": keep A and C, count B and D again
  rest = header; sub(/^@@ -/, "", rest)
  numbers = rest; sub(/ @@.*/, "", numbers); sub(/^[^@]* @@/, "", rest)
  split(numbers, a, " +"); sub(/,.*/, "", a[1]); sub(/,.*/, "", a[2])
  return "@@ -" a[1] "," old " +" a[2] "," new " @@" rest "\n" kept
}
function emit(text) {
  if (text == "") {
    return
  }
  ++seeds
  file = sprintf("%s/%s-%03d.patch", out, name, seeds)
  printf "%s", text > file
  close(file)
}
function flush(    stat, i, head, piece, fh, unit, in_diff, size, total, cur) {
  total = 0
  for (i = 1; i <= n; ++i) {
    total += length(lines[i]) + 1
  }
  if (total <= limit) {
    piece = ""
    for (i = 1; i <= n; ++i) {
      piece = piece lines[i] "\n"
    }
    emit(piece)
    n = 0
    return
  }
  head = ""
  stat = 0
  for (i = 1; i <= n && lines[i] !~ /^diff --git /; ++i) {
    # a long diffstat (after "---") would leave no room for the hunks
    if (!stat || length(head) < limit / 4) {
      head = head lines[i] "\n"
    }
    stat = stat || lines[i] == "---"
  }
  piece = head; cur = ""; fh = ""; unit = ""; in_diff = 0
  for (; i <= n + 1; ++i) {
    # a unit ends where a hunk, a file or the mail starts
    if (i > n || lines[i] ~ /^@@ / || lines[i] ~ /^diff --git /) {
      if (unit != "") {
        if (in_diff) {
          if (length(head) + length(fh) + length(unit) > limit) {
            unit = cut_hunk(unit, limit - length(head) - length(fh))
          }
          if (piece != head && length(piece) + length(unit) + (fh == cur ? 0 : length(fh)) > limit) {
            emit(piece); piece = head; cur = ""
          }
          if (fh != cur) {
            piece = piece fh; cur = fh
          }
          piece = piece unit
        } else {
          fh = unit
        }
      }
      if (i > n) {
        break
      }
      in_diff = lines[i] ~ /^@@ /
      unit = ""
    }
    unit = unit lines[i] "\n"
  }
  if (piece != head || head != "") {
    emit(piece)
  }
  n = 0
}
FNR == 1 {
  if (n > 0) {
    flush()
  }
  name = FILENAME; sub(/.*\//, "", name); sub(/\.[a-z]*$/, "", name); seeds = 0
}
/^From [0-9a-f]+ / && n > 0 {
  flush()
}
{ lines[++n] = $0 }
END {
  if (n > 0) {
    flush()
  }
}
