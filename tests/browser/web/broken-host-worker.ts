/** A host worker entry that fails while loading, as a misconfigured app's would. */
throw new Error("this worker entry is broken on purpose");
