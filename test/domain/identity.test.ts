// Reading the participant's identity from the entry link: Prolific, MTurk, labels, and every refusal.
import assert from "node:assert/strict";
import { CohortError } from "../../server/domain/errors.js";
import { parseIdentity } from "../../server/domain/participant/identity.js";

const PID = "5f8a1b2c3d4e5f6a7b8c9d0e";
const STUDY = "60aabbccddeeff0011223344";
const SESSION = "0123456789abcdefABCDEF01";
const prolific = { PROLIFIC_PID: PID, STUDY_ID: STUDY, SESSION_ID: SESSION };
const mturk = { workerId: "A1B2C3D4E5F6G7", assignmentId: "3KYQYYSHYV8TUBZ1Y3ZEXAMPLE", hitId: "3AQF3RZ558H0EXAMPLE" };

const refused = (code: "identity_missing" | "identity_invalid", detail?: RegExp) => (e: unknown) =>
  e instanceof CohortError && e.code === code && (detail === undefined || detail.test(e.message));

describe("parseIdentity", () => {
  describe("Prolific", () => {
    it("reads PROLIFIC_PID, STUDY_ID and SESSION_ID", () => {
      assert.deepEqual(parseIdentity(prolific), { platform: "prolific", platformId: PID, studyId: STUDY, platformSessionId: SESSION });
    });

    it("trims stray whitespace around the ids", () => {
      assert.equal(parseIdentity({ ...prolific, PROLIFIC_PID: ` ${PID}\n` }).platformId, PID);
    });

    it("takes precedence over MTurk and label parameters", () => {
      assert.equal(parseIdentity({ ...mturk, label: "x", ...prolific }).platform, "prolific");
    });

    it("refuses an id that is not 24 hexadecimal characters, naming the parameter", () => {
      for (const bad of ["abc", `${PID}0`, "zz8a1b2c3d4e5f6a7b8c9d0e"]) {
        assert.throws(() => parseIdentity({ ...prolific, PROLIFIC_PID: bad }), refused("identity_invalid", /PROLIFIC_PID/));
      }
      assert.throws(() => parseIdentity({ ...prolific, STUDY_ID: "study-1" }), refused("identity_invalid", /STUDY_ID/));
    });

    it("refuses a link without STUDY_ID or SESSION_ID", () => {
      assert.throws(() => parseIdentity({ PROLIFIC_PID: PID, SESSION_ID: SESSION }), refused("identity_missing", /STUDY_ID/));
      assert.throws(() => parseIdentity({ PROLIFIC_PID: PID, STUDY_ID: STUDY }), refused("identity_missing", /SESSION_ID/));
    });

    it("refuses an empty PROLIFIC_PID as missing", () => {
      assert.throws(() => parseIdentity({ ...prolific, PROLIFIC_PID: "  " }), refused("identity_missing"));
    });
  });

  describe("MTurk", () => {
    it("reads workerId, hitId and assignmentId", () => {
      assert.deepEqual(parseIdentity(mturk), {
        platform: "mturk", platformId: mturk.workerId, studyId: mturk.hitId, platformSessionId: mturk.assignmentId,
      });
    });

    it("refuses a HIT preview and says to accept the HIT", () => {
      assert.throws(() => parseIdentity({ ...mturk, assignmentId: "ASSIGNMENT_ID_NOT_AVAILABLE" }), refused("identity_missing", /accept it/));
    });

    it("refuses malformed or missing MTurk ids", () => {
      assert.throws(() => parseIdentity({ ...mturk, workerId: "a1b2c3d4" }), refused("identity_invalid", /workerId/));
      assert.throws(() => parseIdentity({ ...mturk, hitId: undefined }), refused("identity_missing", /hitId/));
      assert.throws(() => parseIdentity({ workerId: mturk.workerId, hitId: mturk.hitId }), refused("identity_missing", /assignmentId/));
    });
  });

  describe("label", () => {
    it("reads a plain label with no study or platform session", () => {
      assert.deepEqual(parseIdentity({ label: "lab-07_a.b" }), { platform: "label", platformId: "lab-07_a.b", studyId: null, platformSessionId: null });
    });

    it("refuses labels with other characters or longer than 64", () => {
      for (const bad of ["has space", "ünï", "x".repeat(65), "a/b"]) {
        assert.throws(() => parseIdentity({ label: bad }), refused("identity_invalid"), bad);
      }
      assert.equal(parseIdentity({ label: "x".repeat(64) }).platformId.length, 64);
    });
  });

  it("refuses a link with no identity as identity_missing", () => {
    assert.throws(() => parseIdentity({}), refused("identity_missing", /PROLIFIC_PID, workerId or label/));
    assert.throws(() => parseIdentity({ other: "x" }), refused("identity_missing"));
    assert.throws(() => parseIdentity({ label: "" }), refused("identity_missing"));
  });

  it("refuses a parameter given twice (an array from the query parser)", () => {
    assert.throws(() => parseIdentity({ label: ["a", "b"] }), refused("identity_invalid", /more than once/));
    assert.throws(() => parseIdentity({ ...prolific, PROLIFIC_PID: [PID, PID] }), refused("identity_invalid", /PROLIFIC_PID/));
    assert.throws(() => parseIdentity({ ...prolific, STUDY_ID: [STUDY, STUDY] }), refused("identity_invalid", /STUDY_ID/));
    assert.throws(() => parseIdentity({ ...mturk, workerId: { a: 1 } }), refused("identity_invalid"));
  });

  it("tells the participant what to do in every refusal", () => {
    try {
      parseIdentity({});
      assert.fail("expected a refusal");
    } catch (e) {
      assert.match((e as Error).message, /Open the study from the recruitment platform again/);
    }
  });
});
