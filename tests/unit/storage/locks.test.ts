import { describe, expect, it } from "vitest";
import { LocalLockManager, SessionLocks } from "../../../src/storage/index.ts";

describe("LocalLockManager", () => {
  it("runs holders of one name one at a time, in request order, and names apart", async () => {
    const locks = new SessionLocks("test", new LocalLockManager());
    const log: string[] = [];
    let releaseFirst!: () => void;
    const first = locks.run("s1", async () => {
      log.push("first start");
      await new Promise<void>((resolve) => {
        releaseFirst = resolve;
      });
      log.push("first end");
    });
    const second = locks.run("s1", async () => {
      log.push("second");
    });
    const other = locks.run("s2", async () => {
      log.push("other session");
    });
    await other;
    expect(log).toEqual(["first start", "other session"]);
    releaseFirst();
    await Promise.all([first, second]);
    expect(log).toEqual(["first start", "other session", "first end", "second"]);
  });

  it("releases the lock when its holder throws", async () => {
    const locks = new SessionLocks("test", new LocalLockManager());
    await expect(
      locks.run("s1", async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await locks.run("s1", async () => "next")).toBe("next");
  });
});
