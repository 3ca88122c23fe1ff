// How long a UI step may take. Generous: the 2-core CI machines are often heavily loaded, and a
// wait ends as soon as its condition holds. SBX_E2E_UI_TIMEOUT (ms) overrides it.
export const UI_TIMEOUT = Number(process.env.SBX_E2E_UI_TIMEOUT) > 0 ? Number(process.env.SBX_E2E_UI_TIMEOUT) : 90_000;
