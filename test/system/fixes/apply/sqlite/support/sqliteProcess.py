"""Test support: other programs using the same SQLite database, through Python's sqlite3 (a real SQLite).

  writer DB GAP_MS   insert into W and commit in a loop, printing each committed value; stops on stdin EOF
  holder DB          keep one connection open; run each stdin line as SQL, print one JSON line per line
  locker DB HOLD_MS  take a write lock (BEGIN IMMEDIATE), print "locked", hold it, roll back, exit
"""
import json
import sqlite3
import sys
import threading
import time

mode, db = sys.argv[1], sys.argv[2]

if mode == "writer":
    gap = int(sys.argv[3]) / 1000.0
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    con = sqlite3.connect(db, timeout=30, isolation_level=None)
    v = 0
    while not stop.is_set():
        v += 1
        try:
            con.execute("BEGIN IMMEDIATE")
            con.execute("INSERT INTO W(v) VALUES (?)", (v,))
            con.execute("COMMIT")
        except sqlite3.Error as e:
            try:
                con.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            print("error " + str(e), flush=True)
            continue
        print("committed %d" % v, flush=True)
        time.sleep(gap)
    con.close()
    print("done", flush=True)
elif mode == "holder":
    con = sqlite3.connect(db, timeout=30, isolation_level=None)
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        try:
            rows = con.execute(line).fetchall()
            print(json.dumps({"rows": rows}), flush=True)
        except sqlite3.Error as e:
            print(json.dumps({"error": str(e)}), flush=True)
    con.close()
elif mode == "locker":
    con = sqlite3.connect(db, timeout=30, isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    print("locked", flush=True)
    time.sleep(int(sys.argv[3]) / 1000.0)
    con.execute("ROLLBACK")
    con.close()
    print("released", flush=True)
else:
    sys.exit("unknown mode " + mode)
