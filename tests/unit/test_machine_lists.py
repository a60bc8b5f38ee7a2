"""Machine lists: standard-text files and the bbchallenge seed database."""

import struct

import pytest

from arcot.errors import FormatError, MachineDefinitionError, UsageError
from arcot.machine import run
from arcot.machine.lists import SeedDatabase, read_machine_list, write_seed_database
from arcot.zoo import resolve_machine

BB5 = "1RB1LC_1RC1RB_1RD0LE_1LA1LD_1RZ0LA"
OTHER = "1RB---_1LC0RB_1LD1RA_0RE0LC_1RZ1LE"


def test_text_list_skips_comments_and_names_the_bad_line(tmp_path):
    path = tmp_path / "m.txt"
    path.write_text(f"# champions\n{BB5}\n\n1RB1LB_1LA1RZ  # bb2\n")
    assert list(read_machine_list(path)) == [BB5, "1RB1LB_1LA1RZ"]
    path.write_text(f"{BB5}\n1RB1LB_1LA1QZ\n")
    with pytest.raises(FormatError, match="line 2"):
        list(read_machine_list(path))
    with pytest.raises(UsageError, match="is a directory"):
        list(read_machine_list(tmp_path))


def test_seed_database_round_trip_and_the_documented_layout(tmp_path):
    db = write_seed_database(tmp_path / "seed", [BB5, BB5], [OTHER])
    assert (db.undecided_space, db.undecided_time, db.count) == (2, 1, 3)
    assert db.machine(0) == BB5 and list(db.machines()) == [BB5, BB5, OTHER]
    raw = (tmp_path / "seed").read_bytes()
    # The header: by time, by space, total (big-endian, as write_header.c).
    assert len(raw) == 120 and struct.unpack(">III", raw[:12]) == (1, 2, 3)
    # bbchallenge's own example: BB(5)'s first row is 1, R, 2, 1, L, 3
    # (R = 0, L = 1, states from A = 1).
    assert raw[30:36] == bytes((1, 0, 2, 1, 1, 3))
    assert raw[90 + 3:90 + 6] == bytes((0, 0, 0))  # OTHER's A1 is undefined


def test_seed_database_refuses_a_file_that_disagrees_with_its_header(tmp_path):
    write_seed_database(tmp_path / "seed", [BB5])
    data = (tmp_path / "seed").read_bytes()
    (tmp_path / "cut").write_bytes(data[:-1])
    with pytest.raises(FormatError, match="says 1 machines"):
        SeedDatabase.open(tmp_path / "cut")
    (tmp_path / "bad").write_bytes(struct.pack(">III", 1, 1, 3).ljust(30, b"\0"))
    with pytest.raises(FormatError, match="do not add up"):
        SeedDatabase.open(tmp_path / "bad")
    (tmp_path / "junk").write_bytes(data[:30] + bytes([9] * 30))
    with pytest.raises(FormatError, match="machine 0"):
        SeedDatabase.open(tmp_path / "junk").machine(0)


def test_zoo_bbchallenge_ids_read_the_local_database(tmp_path, monkeypatch):
    write_seed_database(tmp_path / "seed", [OTHER, BB5])
    monkeypatch.setenv("ARCOT_BBCHALLENGE_DB", str(tmp_path / "seed"))
    machine = resolve_machine("zoo:bbchallenge:1")
    assert run(machine, max_steps=10**8).steps == 47_176_870
    with pytest.raises(MachineDefinitionError, match=r"ids 0 \.\. 1"):
        resolve_machine("zoo:bbchallenge:2")
    with pytest.raises(MachineDefinitionError, match="integer >= 0"):
        resolve_machine("zoo:bbchallenge:x")
    monkeypatch.delenv("ARCOT_BBCHALLENGE_DB")
    with pytest.raises(MachineDefinitionError, match="set ARCOT_BBCHALLENGE_DB"):
        resolve_machine("zoo:bbchallenge:0")
