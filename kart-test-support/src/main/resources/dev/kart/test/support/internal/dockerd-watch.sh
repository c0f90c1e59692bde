# Runs a dockerd for one test JVM and stops it when that JVM asks (SIGTERM to this shell) or dies
# (SIGKILL included: no shutdown hook runs then), so no dockerd of a test outlives it.
# $1: the daemon's directory (data root, exec root, socket, log), deleted at the end
# $2: the pid of the JVM; the rest: the dockerd command line
dir=$1
jvm=$2
shift 2
"$@" >"$dir/dockerd.log" 2>&1 </dev/null &
daemon=$!
sleeper=

stop() {
  trap '' TERM INT HUP
  [ -n "$sleeper" ] && kill "$sleeper" 2>/dev/null
  # dockerd stops its containers and its containerd on SIGTERM (a few seconds); SIGKILL after a minute
  kill -TERM "$daemon" 2>/dev/null
  n=0
  while kill -0 "$daemon" 2>/dev/null && [ "$n" -lt 600 ]; do
    sleep 0.1
    n=$((n + 1))
  done
  if kill -0 "$daemon" 2>/dev/null; then
    echo "dockerd $daemon did not stop within 60 s of SIGTERM: SIGKILL" >>"$dir/dockerd.log"
    kill -KILL "$daemon" 2>/dev/null
  fi
  wait "$daemon" 2>/dev/null
  # the daemon leaves its default network namespace mounted under the exec root
  awk -v d="$dir/" 'index($2, d) == 1 { print $2 }' /proc/self/mounts | sort -r | while read -r m; do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null
  done
  rm -rf "$dir"
  exit 0
}
trap stop TERM INT HUP

while kill -0 "$jvm" 2>/dev/null && kill -0 "$daemon" 2>/dev/null; do
  sleep 1 &
  sleeper=$!
  wait "$sleeper"
  sleeper=
done
stop
