#!/usr/bin/env bash
# scripts/engine.sh — a private Docker engine for stackc's e2e tests, CI and the demo.
#
# Usage: scripts/engine.sh SUBCOMMAND [SUBCOMMAND ...]     (run in order, e.g. `install start images`)
#   install   apt-get install what is missing (docker.io engine, busybox-static, iptables, ...); fast no-op otherwise
#   peers     apt-get install the peer tools used for comparisons (docker-compose v1, docker-registry, htpasswd)
#   start     start a private dockerd under $STACKC_ENGINE_DIR unless it already answers; prints the export line
#   swarm     make that engine a single-node swarm manager (advertise 127.0.0.1) unless it already is one
#   images    build the local test images (no registry needed): stackc-test/busybox:latest
#   stop      stop the dockerd named in our pidfile (TERM, bounded wait, KILL); keeps the data
#   purge     stop, unmount whatever is still mounted under the engine dir, remove the engine dir
#   env       print `export DOCKER_HOST=unix://…` (use: eval "$(scripts/engine.sh env)")
#   status    exit 0 when the engine answers, 1 otherwise
#
# Environment:
#   STACKC_ENGINE_DIR             state directory (default /tmp/stackc-engine)
#   STACKC_ENGINE_BIP             docker0 address (default 10.213.0.1/24)
#   STACKC_ENGINE_ADDRESS_POOL    pool for user-defined bridge networks (default 10.214.0.0/16, /24 each)
#   STACKC_ENGINE_STORAGE_DRIVER  force a storage driver (default: overlay2 when the dir's filesystem
#                                 supports it, else vfs)
#   STACKC_ENGINE_START_TIMEOUT   seconds to wait for the socket to answer (default 60)
#   STACKC_ENGINE_DOCKER_HOST     let `images` and `swarm` act on another, already running engine
#                                 (default: the private engine's socket)
#
# Only stdout carries the export line (so `eval "$(scripts/engine.sh start)"` works); every progress
# message goes to stderr.
set -euo pipefail

# Absolute, so the socket address and pidfile mean the same from any working directory.
ENGINE_DIR="$(realpath -m "${STACKC_ENGINE_DIR:-/tmp/stackc-engine}")"
ENGINE_BIP="${STACKC_ENGINE_BIP:-10.213.0.1/24}"
ENGINE_POOL="${STACKC_ENGINE_ADDRESS_POOL:-10.214.0.0/16}"
START_TIMEOUT="${STACKC_ENGINE_START_TIMEOUT:-60}"
SOCK="$ENGINE_DIR/docker.sock"
HOST="unix://$SOCK"
TARGET_HOST="${STACKC_ENGINE_DOCKER_HOST:-$HOST}"   # the engine `images` and `swarm` work on
PIDFILE="$ENGINE_DIR/dockerd.pid"
LOG="$ENGINE_DIR/dockerd.log"
MARKER="$ENGINE_DIR/.stackc-engine"   # proves the dir is ours before purge removes it
BUSYBOX_IMAGE="stackc-test/busybox:latest"
# containerd namespace, distinct per engine dir (see the dockerd flags in cmd_start).
CTRD_NS="stackc-$(printf '%s' "$ENGINE_DIR" | cksum | cut -d' ' -f1)"

log() { printf 'engine.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Every docker call here goes to our engine, never to whatever DOCKER_HOST/context the caller has.
# The preinstalled CLI (/usr/local/bin/docker, 28.x) comes first on PATH and negotiates the API
# version down to the engine's (1.41); docker.io's own /usr/bin/docker (20.10) works the same way.
dk() { DOCKER_HOST="$TARGET_HOST" DOCKER_CONTEXT='' docker "$@"; }

need_root() { [ "$(id -u)" = 0 ] || die "$1 needs root (run as root, or with sudo)"; }

# Serializes start/images between concurrent callers (parallel test workers may all find no engine
# and try to start one). Held on fd 9 until this script exits; dockerd must not inherit it.
take_lock() {
  [ -n "${ENGINE_LOCKED:-}" ] && return 0
  mkdir -p "$ENGINE_DIR"
  exec 9>>"$ENGINE_DIR/.lock"
  flock -w 600 9 || die "another engine.sh holds $ENGINE_DIR/.lock for over 600s"
  ENGINE_LOCKED=1
}

# ---------------------------------------------------------------------------------------------
# install

# Packages the engine needs (containerd, runc, tini and iptables are docker.io's dependencies, named
# so that a half-removed install gets repaired). --no-install-recommends keeps apparmor (these
# kernels have no AppArmor), needrestart and cgroupfs-mount (cgroups are already mounted) off the
# machine.
ENGINE_PACKAGES=(docker.io containerd runc tini iptables busybox-static ca-certificates xz-utils iproute2 openssl util-linux)
PEER_PACKAGES=(docker-compose docker-registry apache2-utils)

# Prints the packages of "$@" that are not installed yet.
missing_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed || printf '%s\n' "$p"
  done
}

apt_install() {
  local -a missing
  mapfile -t missing < <(missing_packages "$@")
  if [ "${#missing[@]}" -eq 0 ]; then
    log "install: all present ($*)"
    return 0
  fi
  need_root "install"
  command -v apt-get >/dev/null || die "install: no apt-get on this machine; install by hand: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # A brand-new machine may have no package lists at all: fetch them first. Otherwise try the lists
  # we have and refresh only if that fails (a stale list names .debs the mirror has since replaced,
  # or lacks a package): saves the update in the common case.
  if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' 2>/dev/null | head -1)" ]; then
    apt_update
  fi
  log "install: apt-get install ${missing[*]}"
  if ! apt_get_install "${missing[@]}"; then
    log "install: failed with the current package lists; refreshing them and retrying"
    apt_update
    apt_get_install "${missing[@]}" || die "install: apt-get install ${missing[*]} failed"
  fi
}

apt_update() {
  log "install: apt-get update"
  apt-get update -qq -o DPkg::Lock::Timeout=300 >&2
}

apt_get_install() {
  # policy-rc.d on these machines (exit 101) keeps the postinst scripts from starting a system
  # dockerd/containerd; we never want one, our dockerd is private.
  # Lock::Timeout: wait for a concurrent apt/dpkg (another test worker, unattended upgrades)
  # instead of failing at once with "Could not get lock".
  apt-get install -y -qq --no-install-recommends -o Dpkg::Use-Pty=0 -o DPkg::Lock::Timeout=300 "$@" >&2
}

cmd_install() {
  apt_install "${ENGINE_PACKAGES[@]}"
  # The preinstalled CLI at /usr/local/bin/docker must stay the one found first; docker.io adds
  # /usr/bin/docker (20.10), which is fine as a fallback but should not shadow it.
  local first version
  first="$(command -v docker || true)"
  [ -n "$first" ] || die "install: no docker CLI on PATH after install"
  # Exits non-zero when no engine answers, but still prints the client's version first.
  version="$(docker version --format '{{.Client.Version}}' 2>/dev/null || true)"
  log "install: docker CLI first on PATH: $first ${version%%$'\n'*}"
}

cmd_peers() {
  apt_install "${PEER_PACKAGES[@]}"
}

# ---------------------------------------------------------------------------------------------
# start / stop

# True when pid $1 runs. A killed process stays a zombie for a few seconds here (PID 1 is not an
# init that reaps at once) and `kill -0` succeeds on zombies: look at its state too.
alive() {
  local stat
  kill -0 "$1" 2>/dev/null || return 1
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"          # field 3, after "pid (comm) "
  [ "${stat%% *}" != Z ]
}

# The pid in our pidfile, when that process is alive and really is a dockerd.
live_pid() {
  local pid
  [ -f "$PIDFILE" ] || return 1
  pid="$(cat "$PIDFILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  alive "$pid" || return 1
  # A stale pidfile after a reboot may name an unrelated process: check its name.
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ] || return 1
  printf '%s\n' "$pid"
}

# `docker version` fails unless the server part answers too; bounded so a wedged daemon can't hang us.
answers() { [ -S "$SOCK" ] && timeout 10 env DOCKER_HOST="$HOST" DOCKER_CONTEXT='' docker version >/dev/null 2>&1; }
target_answers() { timeout 10 env DOCKER_HOST="$TARGET_HOST" DOCKER_CONTEXT='' docker version >/dev/null 2>&1; }

print_env() { printf 'export DOCKER_HOST=%s\n' "$HOST"; }

# overlay2 needs a filesystem that supports it as upper dir (ext4, xfs with d_type); on tmpfs it
# works on recent kernels, on overlayfs/nfs it does not. vfs always works but copies every layer.
pick_storage_driver() {
  if [ -n "${STACKC_ENGINE_STORAGE_DRIVER:-}" ]; then
    printf '%s\n' "$STACKC_ENGINE_STORAGE_DRIVER"; return
  fi
  local fstype probe ok=vfs
  fstype="$(stat -f -c %T "$ENGINE_DIR")"
  case "$fstype" in
    overlayfs|nfs*|fuse*|aufs) ;;
    *)
      if grep -qw overlay /proc/filesystems; then
        # Try a real overlay mount in the engine dir: cheapest conclusive test.
        probe="$(mktemp -d "$ENGINE_DIR/.ovl-probe.XXXXXX")"
        mkdir -p "$probe/l" "$probe/u" "$probe/w" "$probe/m"
        if mount -t overlay overlay -o "lowerdir=$probe/l,upperdir=$probe/u,workdir=$probe/w" "$probe/m" 2>/dev/null; then
          umount "$probe/m"; ok=overlay2
        fi
        rm -rf "$probe"
      fi
      ;;
  esac
  printf '%s\n' "$ok"
}

# Debian 12's iptables is the nft flavour. It works on these kernels (nf_tables built in); where it
# does not but the legacy one does, dockerd finds a legacy `iptables` first on its PATH (a link in
# $ENGINE_DIR/bin, so the machine's alternatives stay as they are). With neither, dockerd runs with
# --iptables=false: loopback-published ports still work through docker-proxy, NAT/isolation do not.
pick_iptables() {
  rm -rf "${ENGINE_DIR:?}/bin"
  if iptables -t nat -S >/dev/null 2>&1; then
    echo --iptables=true
  elif command -v iptables-legacy >/dev/null && iptables-legacy -t nat -S >/dev/null 2>&1; then
    log "start: iptables (nft) does not work here, using iptables-legacy"
    mkdir -p "$ENGINE_DIR/bin"
    ln -s "$(command -v iptables-legacy)" "$ENGINE_DIR/bin/iptables"
    ln -s "$(command -v ip6tables-legacy)" "$ENGINE_DIR/bin/ip6tables"
    echo --iptables=true
  else
    log "start: no working iptables; starting dockerd with --iptables=false"
    echo --iptables=false
  fi
}

cmd_start() {
  if live_pid >/dev/null && answers; then
    log "start: already running (pid $(live_pid)), $HOST"
    print_env; return 0
  fi
  need_root "start"
  command -v dockerd >/dev/null || die "start: no dockerd; run '$0 install' first"
  take_lock
  # Someone else may have started it while we waited for the lock.
  if live_pid >/dev/null && answers; then
    log "start: already running (pid $(live_pid)), $HOST"
    print_env; return 0
  fi
  touch "$MARKER"
  # Unix socket paths are limited to 108 bytes (and containerd adds more below exec-root).
  [ "${#SOCK}" -lt 100 ] || die "start: STACKC_ENGINE_DIR too long for a unix socket path: $SOCK"

  local pid
  if pid="$(live_pid)"; then
    # Alive but not answering (yet): still starting, or wedged. Give it the same bounded wait.
    log "start: dockerd pid $pid alive but not answering; waiting"
  else
    rm -f "$PIDFILE" "$SOCK"
    local driver
    driver="$(pick_storage_driver)"
    # Our own (empty) daemon.json so a machine-wide /etc/docker/daemon.json cannot change this engine.
    [ -f "$ENGINE_DIR/daemon.json" ] || echo '{}' >"$ENGINE_DIR/daemon.json"
    # Bridged traffic must be forwarded for containers to reach each other across networks and for
    # published ports; dockerd sets ip_forward itself when --iptables is on, this just makes it explicit.
    sysctl -qw net.ipv4.ip_forward=1 >/dev/null 2>&1 || true
    log "start: dockerd (storage $driver, bip $ENGINE_BIP) -> $LOG"
    echo "---- $(date -Is) engine.sh start" >>"$LOG"
    local iptables_flag path_for_dockerd
    iptables_flag="$(pick_iptables)"
    path_for_dockerd="$ENGINE_DIR/bin:$PATH"
    # setsid + all three std streams redirected: the daemon must not hold the caller's terminal or
    # pipes (a test runner waiting for our stdout to close would otherwise hang forever).
    # Flags, and why:
    #   --exec-opt native.cgroupdriver=cgroupfs   no systemd here (PID 1 is not systemd), cgroup v1
    #   --bip / --default-address-pool            keep clear of 172.17/16 (docker's default), of the
    #                                             fixtures' own subnets (172.38/16) and of eth0
    #   --config-file                             ignore any machine-wide daemon.json
    #   --containerd-namespace                    distinct per engine dir, in case a system containerd
    #                                             (shared by several engines) is ever used
    #   --iptables                                see pick_iptables
    PATH="$path_for_dockerd" setsid dockerd \
      --config-file "$ENGINE_DIR/daemon.json" \
      --data-root "$ENGINE_DIR/data" \
      --exec-root "$ENGINE_DIR/exec" \
      --pidfile "$PIDFILE" \
      -H "$HOST" \
      --bip "$ENGINE_BIP" \
      --default-address-pool "base=$ENGINE_POOL,size=24" \
      --storage-driver "$driver" \
      --exec-opt native.cgroupdriver=cgroupfs \
      "$iptables_flag" \
      --containerd-namespace "$CTRD_NS" \
      --containerd-plugins-namespace "$CTRD_NS-plugins" \
      --log-level warn \
      </dev/null >>"$LOG" 2>&1 9>&- &
    disown || true
  fi

  # Bounded wait, polled every 0.2 s (a warm start answers in about a second).
  local start_ms now_ms elapsed
  start_ms="$(date +%s%3N)"
  until answers; do
    now_ms="$(date +%s%3N)"; elapsed=$(((now_ms - start_ms) / 1000))
    if ! live_pid >/dev/null && [ "$elapsed" -ge 3 ]; then
      # dockerd writes its pidfile early; gone after a few seconds means it exited.
      log "start: dockerd exited; last lines of $LOG:"
      tail -n 30 "$LOG" >&2
      die "start: dockerd did not start"
    fi
    if [ "$elapsed" -ge "$START_TIMEOUT" ]; then
      log "start: no answer on $SOCK after ${START_TIMEOUT}s; last lines of $LOG:"
      tail -n 30 "$LOG" >&2
      die "start: dockerd did not answer in time"
    fi
    sleep 0.2
  done
  now_ms="$(date +%s%3N)"
  log "start: ready after $((now_ms - start_ms))ms (pid $(live_pid || echo '?')), $HOST"
  print_env
}

# Sends TERM, waits up to $2 seconds, then KILL. Only ever the one pid given.
stop_pid() {
  local pid="$1" wait_s="$2" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < wait_s * 10; i++)); do
    alive "$pid" || return 0
    sleep 0.1
  done
  log "stop: pid $pid still alive after ${wait_s}s, sending KILL"
  kill -KILL "$pid" 2>/dev/null || true
  sleep 0.5
}

cmd_stop() {
  local pid cpid
  if pid="$(live_pid)"; then
    # On TERM dockerd stops its containers (each gets its stop grace period, 10 s by default, in
    # parallel; busybox `sh`/`sleep` as PID 1 ignore TERM and use all of it), then its containerd.
    log "stop: dockerd pid $pid"
    stop_pid "$pid" 30
  else
    log "stop: not running"
  fi
  rm -f "$PIDFILE"
  # The containerd that dockerd supervised dies with it (parent-death signal), but check: it is
  # ours too, named by its own pidfile under our exec-root.
  cpid="$(cat "$ENGINE_DIR/exec/containerd/containerd.pid" 2>/dev/null || true)"
  if [[ "$cpid" =~ ^[0-9]+$ ]] && alive "$cpid" && [ "$(cat "/proc/$cpid/comm" 2>/dev/null)" = containerd ]; then
    log "stop: leftover containerd pid $cpid"
    stop_pid "$cpid" 10
  fi
  sweep_shims
}

# After dockerd died uncleanly (KILLed, crashed), its containers keep running under their
# containerd-shim processes (seen here: `sleep` containers survived a KILLed dockerd). A shim names
# our engine's containerd socket on its command line, so exactly this engine's shims are found;
# killing a shim's children (the containers' PID 1s, which takes their PID namespaces down) and the
# shim leaves nothing of this engine running. No-op after a clean stop.
sweep_shims() {
  local address="$ENGINE_DIR/exec/containerd/containerd.sock" d pid args id child
  for d in /proc/[0-9]*; do
    pid="${d#/proc/}"
    args="$(tr '\0' ' ' 2>/dev/null <"$d/cmdline")" || continue
    case "$args" in
      *containerd-shim*" -address $address "* | *containerd-shim*" -address $address") ;;
      *) continue ;;
    esac
    id="$(sed -n 's/.* -id \([0-9a-f]*\).*/\1/p' <<<"$args")"
    log "stop: leftover shim pid $pid (container ${id:0:12})"
    while read -r child; do kill -KILL "$child" 2>/dev/null || true; done < <(children_of "$pid")
    kill -KILL "$pid" 2>/dev/null || true
    # Its cgroups (docker's default parent "docker", cgroupfs driver) would stay behind, empty.
    if [ -n "$id" ]; then
      sleep 0.2
      rmdir /sys/fs/cgroup/*/docker/"$id" 2>/dev/null || true
    fi
  done
}

# Pids whose parent is $1 (from /proc: procps may not be on a minimal machine).
children_of() {
  local f st
  for f in /proc/[0-9]*/stat; do
    st="$(cat "$f" 2>/dev/null)" || continue
    st="${st##*) }"                      # "S ppid ..." after "pid (comm) "
    st="${st#* }"
    [ "${st%% *}" = "$1" ] && { f="${f#/proc/}"; printf '%s\n' "${f%/stat}"; }
  done
  return 0
}

# Mount points at or below $ENGINE_DIR, deepest first (so nested mounts go before their parents).
mounts_under() {
  local root
  root="$(realpath -m "$ENGINE_DIR")"
  # /proc/self/mountinfo field 5 is the mount point, with spaces etc. octal-escaped.
  awk -v r="$root" '$5 == r || index($5, r "/") == 1 { print length($5) "\t" $5 }' /proc/self/mountinfo |
    sort -rn | cut -f2- | while IFS= read -r m; do printf '%b\n' "$m"; done
}

cmd_purge() {
  [ -d "$ENGINE_DIR" ] || { log "purge: nothing at $ENGINE_DIR"; return 0; }
  case "$(realpath -m "$ENGINE_DIR")" in
    / | /tmp | /root | /home | /var | /usr | /etc) die "purge: refusing to remove $ENGINE_DIR" ;;
  esac
  [ -f "$MARKER" ] || die "purge: $ENGINE_DIR has no $(basename "$MARKER") marker; not removing a dir engine.sh did not make"
  need_root "purge"
  cmd_stop
  # Leftovers (netns bind mounts, overlay mounts, secret tmpfs) after a KILL would make rm fail
  # with EBUSY or, worse, descend into a mounted filesystem.
  local m
  while IFS= read -r m; do
    [ -n "$m" ] || continue
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || log "purge: could not unmount $m"
  done < <(mounts_under)
  if [ -n "$(mounts_under)" ]; then
    die "purge: still mounted under $ENGINE_DIR: $(mounts_under | tr '\n' ' ')"
  fi
  rm -rf --one-file-system "$ENGINE_DIR"
  log "purge: removed $ENGINE_DIR"
}

# ---------------------------------------------------------------------------------------------
# swarm

cmd_swarm() {
  target_answers || die "swarm: no engine answers on $TARGET_HOST; run '$0 start' first"
  local state
  state="$(dk info --format '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}')"
  case "$state" in
    "active true") log "swarm: already a manager" ;;
    "inactive "*)
      # 127.0.0.1: tests must only use addresses on this machine; a one-node swarm needs no other.
      log "swarm: init"
      dk swarm init --advertise-addr 127.0.0.1 >/dev/null
      ;;
    *) die "swarm: node state is '$state' (a worker, or pending); leave it first: docker swarm leave --force" ;;
  esac
}

# ---------------------------------------------------------------------------------------------
# images

# A rootfs of Debian's statically linked busybox with a link per applet. `docker import` needs no
# registry and no base image.
build_busybox_image() {
  local bb=/bin/busybox rootfs applet
  if ! [ -x "$bb" ]; then die "images: $bb missing; run '$0 install' first"; fi
  file_is_static "$bb" || die "images: $bb is not statically linked (install busybox-static, not busybox)"
  rootfs="$(mktemp -d /tmp/stackc-busybox-rootfs.XXXXXX)"
  # shellcheck disable=SC2064  # expand now: the trap must remove this very dir
  trap "rm -rf '$rootfs'" RETURN
  mkdir -p "$rootfs"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,root,var/www,run,home}
  chmod 1777 "$rootfs/tmp"
  cp "$bb" "$rootfs/bin/busybox"
  # --list-full prints each applet with its usual directory (bin/sh, usr/bin/nc, sbin/ifconfig).
  while IFS= read -r applet; do
    [ "$applet" = bin/busybox ] && continue
    ln -sf /bin/busybox "$rootfs/$applet"
  done < <("$bb" --list-full)
  # Users and groups for `user:` tests, and so `id`/`whoami` print names.
  cat >"$rootfs/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
  cat >"$rootfs/etc/group" <<'EOF'
root:x:0:
daemon:x:1:
www-data:x:33:
nogroup:x:65534:
EOF
  printf 'hosts: files dns\n' >"$rootfs/etc/nsswitch.conf"
  echo 'stackc test image: busybox' >"$rootfs/var/www/index.html"
  log "images: importing $BUSYBOX_IMAGE ($(wc -l < <("$bb" --list)) applets)"
  # --numeric-owner/--owner=0: files in the image belong to root whoever built it.
  tar -C "$rootfs" --numeric-owner --owner=0 --group=0 -cf - . |
    dk import \
      --change 'CMD ["sh"]' \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'LABEL org.opencontainers.image.title=stackc-test-busybox' \
      - "$BUSYBOX_IMAGE" >/dev/null
}

file_is_static() {
  # A dynamic busybox (package busybox) would not run in an image without libc; `file` is not on a
  # minimal machine, glibc's ldd is.
  # (ldd exits 1 for a static binary: capture first, pipefail would fail the pipeline.)
  local out
  out="$(LC_ALL=C ldd "$1" 2>&1 || true)"
  grep -qE 'not a dynamic executable|statically linked' <<<"$out"
}

cmd_images() {
  target_answers || die "images: no engine answers on $TARGET_HOST; run '$0 start' first"
  take_lock
  if dk image inspect "$BUSYBOX_IMAGE" >/dev/null 2>&1; then
    log "images: $BUSYBOX_IMAGE present"
  else
    build_busybox_image
  fi
}

cmd_status() {
  if answers; then log "status: running (pid $(live_pid || echo '?')), $HOST"; return 0; fi
  log "status: not answering on $SOCK"; return 1
}

# ---------------------------------------------------------------------------------------------

# The header comment of this file, without its leading '# '.
usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2; }

main() {
  [ "$#" -gt 0 ] || { usage; exit 2; }
  local c
  for c in "$@"; do
    case "$c" in
      install | peers | start | swarm | images | stop | purge | status) "cmd_$c" ;;
      env) print_env ;;
      -h | --help | help) usage ;;
      *) usage; die "unknown subcommand: $c" ;;
    esac
  done
}

main "$@"
