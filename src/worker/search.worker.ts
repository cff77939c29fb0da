// The worker entry: expose the API, nothing else.
import * as Comlink from 'comlink';
import { searchApi } from './api.ts';

Comlink.expose(searchApi, self as unknown as Comlink.Endpoint);
