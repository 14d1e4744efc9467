"""Jails the process that calls it, as far as this operating system allows: the
worker calls these before it loads the user's file. Standard library only; the
worker imports this file as a top-level module before it is jailed.

On Linux:
- resource limits: address space, CPU seconds, file size, processes, no core dumps;
- namespaces (a user namespace where needed, then PID and network): the worker
  becomes PID 1 of its own PID namespace, so when it ends the kernel ends every
  process it started, including those that called setsid; it sees no network
  and cannot signal anything outside;
- Landlock: the file system shrinks to read-only Python, numpy and system
  libraries plus the worker's own temporary folder (read-write); TCP is denied
  and, from Landlock ABI 6, signals and abstract sockets outside the sandbox.

Each layer is tried on its own and reported; where one is missing (macOS, an
older kernel, user namespaces disabled) the others still apply, and
`drill status` says what is in force.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from dataclasses import dataclass, field

# --------------------------------------------------------------------------- report


@dataclass
class Confinement:
    """What is in force in this process; the worker sends it to the judge."""

    limits: list[str] = field(default_factory=list)
    pid_namespace: bool = False
    net_namespace: bool = False
    landlock: int = 0  # the Landlock ABI version enforced, 0 when not in force
    missing: list[str] = field(default_factory=list)  # what could not be applied, and why
    # Set by the judge, not the worker: orphans of the worker are swept after a check.
    subreaper: bool = False

    def to_json(self) -> dict:
        return {
            "limits": self.limits,
            "pid_namespace": self.pid_namespace,
            "net_namespace": self.net_namespace,
            "landlock": self.landlock,
            "missing": self.missing,
        }


# --------------------------------------------------------------------------- rlimits


def set_limits(report: Confinement, memory_mb: int, cpu_seconds: int, file_mb: int) -> None:
    try:
        import resource
    except ImportError:
        report.missing.append("resource limits: not available on this platform")
        return
    wanted = [
        ("RLIMIT_AS", memory_mb * 1024 * 1024, f"address space {memory_mb} MB"),
        ("RLIMIT_CPU", cpu_seconds, f"CPU {cpu_seconds} s"),
        ("RLIMIT_FSIZE", file_mb * 1024 * 1024, f"file size {file_mb} MB"),
        ("RLIMIT_CORE", 0, "no core dumps"),
        ("RLIMIT_NOFILE", 256, "256 open files"),
    ]
    for name, value, label in wanted:
        limit = getattr(resource, name, None)
        if limit is None:
            continue
        try:
            soft, hard = resource.getrlimit(limit)
            value = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(limit, (value, value))
            report.limits.append(label)
        except (ValueError, OSError) as exc:
            report.missing.append(f"{label}: {exc}")
    # Past the file-size limit a write should fail, not kill the worker.
    if hasattr(signal, "SIGXFSZ"):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def limit_processes(report: Confinement, count: int) -> None:
    """Caps processes and threads. Counted per user namespace on Linux >= 5.14, so
    inside a fresh one it limits only what the worker starts."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_NPROC, (count, count))
        report.limits.append(f"{count} processes")
    except (ImportError, AttributeError, ValueError, OSError) as exc:
        report.missing.append(f"process limit: {exc}")


# --------------------------------------------------------------------------- namespaces

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
CLONE_NEWIPC = 0x08000000
PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _unshare(libc, flags: int) -> int:
    if libc.unshare(flags) != 0:
        return ctypes.get_errno()
    return 0


def _write(path: str, text: str) -> None:
    with open(path, "w") as fh:
        fh.write(text)


def die_with_parent(libc=None) -> None:
    """SIGKILL this process when the process that started it ends, however it ends."""
    if sys.platform.startswith("linux"):
        (libc or _libc()).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def enter_namespaces(report: Confinement) -> None:
    """Become PID 1 of a new PID namespace with no network.

    unshare(CLONE_NEWPID) applies to the caller's children, so this forks: the
    child goes on as the worker; this process stays outside, waits, and ends with
    the child's status. Unprivileged users need a user namespace first (their own
    uid mapped to itself); root can do without one.
    """
    if not sys.platform.startswith("linux"):
        report.missing.append("PID and network namespaces: Linux only")
        return
    libc = _libc()
    uid, gid = os.getuid(), os.getgid()
    flags = CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC
    err = _unshare(libc, CLONE_NEWUSER | flags)
    if err == 0:
        try:
            _write("/proc/self/setgroups", "deny")
            _write("/proc/self/uid_map", f"{uid} {uid} 1")
            _write("/proc/self/gid_map", f"{gid} {gid} 1")
        except OSError as exc:
            report.missing.append(f"user namespace id maps: {exc}")
    elif uid == 0:
        err = _unshare(libc, flags)
    if err != 0:
        report.missing.append(f"PID and network namespaces: {os.strerror(err)}")
        return
    # The outside process holds `alive` open until it ends: if it ended before
    # the child asked to die with it, the child sees end-of-file and stops.
    watch, alive = os.pipe()
    pid = os.fork()
    if pid != 0:
        os.close(watch)
        _wait_and_relay(pid, keep=alive)  # never returns
    os.close(alive)
    die_with_parent(libc)
    import select

    if select.select([watch], [], [], 0)[0]:
        os._exit(1)
    os.close(watch)
    report.pid_namespace = os.getpid() == 1
    report.net_namespace = True


def _wait_and_relay(child: int, keep: int) -> None:
    # The judge kills this process to end the worker; PDEATHSIG then kills the child
    # and with it the namespace. Terminal signals are the judge's business.
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)
    for fd in range(0, 256):
        if fd not in (2, keep):
            try:
                os.close(fd)
            except OSError:
                pass
    while True:
        try:
            _, status = os.waitpid(child, 0)
            break
        except ChildProcessError:
            os._exit(1)
        except InterruptedError:
            continue
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        signal.signal(sig, signal.SIG_DFL)
        os.kill(os.getpid(), sig)
        os._exit(128 + sig)
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 1)


# --------------------------------------------------------------------------- Landlock


def readable_paths(numpy_module, secret: list[str]) -> list[str]:
    """What the jailed worker may read: the standard library (not its
    site-packages, where installed packages live), numpy, the files this process
    has already mapped (the interpreter and the shared libraries numpy loaded),
    and a few system files. Nothing that holds, or lies within, a `secret` path."""
    stdlib = os.path.dirname(os.__file__)
    found = {
        os.path.join(stdlib, entry)
        for entry in os.listdir(stdlib)
        if entry not in ("site-packages", "dist-packages")
    }
    numpy_dir = os.path.dirname(numpy_module.__file__)
    found.add(numpy_dir)
    parent = os.path.dirname(numpy_dir)
    found.update(
        os.path.join(parent, e)
        for e in os.listdir(parent)
        if e.startswith("numpy") and ".libs" in e
    )
    try:
        with open("/proc/self/maps") as fh:
            found.update(line.split(None, 5)[5].strip() for line in fh if "/" in line)
    except (OSError, IndexError):
        pass
    found.update(["/etc/ld.so.cache", "/etc/localtime"])
    return sorted(p for p in found if p.startswith("/") and not _near(p, secret))


def _near(path: str, secret: list[str]) -> bool:
    real = os.path.realpath(path)
    for s in secret:
        if real == s or real.startswith(s + os.sep) or s.startswith(real.rstrip(os.sep) + os.sep):
            return True
    return False


_SYS_CREATE_RULESET, _SYS_ADD_RULE, _SYS_RESTRICT_SELF = 444, 445, 446
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH = 1

_FS_EXECUTE = 1 << 0
_FS_WRITE_FILE = 1 << 1
_FS_READ_FILE = 1 << 2
_FS_READ_DIR = 1 << 3
_FS_TRUNCATE = 1 << 14
_FS_IOCTL_DEV = 1 << 15
_FS_ALL_V1 = (1 << 13) - 1
_FILE_RIGHTS = _FS_EXECUTE | _FS_WRITE_FILE | _FS_READ_FILE | _FS_TRUNCATE | _FS_IOCTL_DEV
_NET_ALL = (1 << 0) | (1 << 1)  # bind and connect TCP
_SCOPE_ALL = (1 << 0) | (1 << 1)  # abstract unix sockets, signals


class _RulesetAttr(ctypes.Structure):
    _fields_ = [
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    ]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def landlock_abi() -> int:
    if not sys.platform.startswith("linux"):
        return 0
    libc = _libc()
    libc.syscall.restype = ctypes.c_long
    version = libc.syscall(_SYS_CREATE_RULESET, None, ctypes.c_size_t(0), _CREATE_RULESET_VERSION)
    return max(int(version), 0)


def _fs_rights(abi: int) -> int:
    rights = _FS_ALL_V1
    if abi >= 2:
        rights |= 1 << 13  # REFER
    if abi >= 3:
        rights |= _FS_TRUNCATE
    if abi >= 5:
        rights |= _FS_IOCTL_DEV
    return rights


def apply_landlock(
    report: Confinement, readable: list[str], writable: list[str], devices: list[str]
) -> None:
    """Allow reading (and executing) `readable`, everything under `writable`, and
    reading and writing the device files `devices`; deny the rest of the file
    system, TCP, and (ABI >= 6) signals and abstract sockets outside."""
    abi = landlock_abi()
    if abi < 1:
        report.missing.append("Landlock: not supported by this kernel")
        return
    libc = _libc()
    libc.syscall.restype = ctypes.c_long
    handled = _fs_rights(abi)
    attr = _RulesetAttr(handled, _NET_ALL if abi >= 4 else 0, _SCOPE_ALL if abi >= 6 else 0)
    size = 8 if abi < 4 else 16 if abi < 6 else 24
    ruleset = libc.syscall(_SYS_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), 0)
    if ruleset < 0:
        report.missing.append(f"Landlock: {os.strerror(ctypes.get_errno())}")
        return
    read = _FS_EXECUTE | _FS_READ_FILE | _FS_READ_DIR
    rules = [(p, read) for p in readable]
    rules += [(p, handled) for p in writable]
    rules += [
        (p, _FS_READ_FILE | _FS_WRITE_FILE | (_FS_IOCTL_DEV if abi >= 5 else 0)) for p in devices
    ]
    try:
        for path, rights in rules:
            _allow(libc, ruleset, path, rights & handled)
        if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            report.missing.append(f"Landlock: no_new_privs: {os.strerror(ctypes.get_errno())}")
            return
        if libc.syscall(_SYS_RESTRICT_SELF, ruleset, 0) != 0:
            report.missing.append(f"Landlock: {os.strerror(ctypes.get_errno())}")
            return
    finally:
        os.close(ruleset)
    report.landlock = abi


def _allow(libc, ruleset: int, path: str, rights: int) -> None:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return  # a library folder this system does not have
    try:
        if not os.path.isdir(path):
            rights &= _FILE_RIGHTS
        rule = _PathBeneath(rights, fd)
        libc.syscall(_SYS_ADD_RULE, ruleset, _RULE_PATH_BENEATH, ctypes.byref(rule), 0)
    finally:
        os.close(fd)
