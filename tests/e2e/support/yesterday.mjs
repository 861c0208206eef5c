// Loaded with `node --import` by the audit tests: this process's clock runs a day behind, so a
// project made under it was made yesterday (time travel needs a past to travel to).
const DAY = 24 * 60 * 60 * 1000;
const RealDate = Date;
class Yesterday extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() - DAY);
    else super(...args);
  }
  static now() {
    return RealDate.now() - DAY;
  }
}
globalThis.Date = Yesterday;
