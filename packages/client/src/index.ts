// @org/client is built in its own issue; until then the package only proves the build and test pipeline.
export {};
