/** The MessageStore contract in real Chromium: the IndexedDB store over the browser's IndexedDB. */
import { messageStoreContract } from "../../contracts/message-store.ts";
import { indexedDBSubject } from "../../contracts/message-store-indexeddb.ts";

messageStoreContract(indexedDBSubject("indexeddb (Chromium)", indexedDB));
