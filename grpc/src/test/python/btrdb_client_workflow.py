#!/usr/bin/python3
"""Drives Dendro's BTrDB v5 face the way the BTrDB Python client (btrdb 5.34) does.

The real client cannot run here (it needs pyarrow), so this script has a small client of its
own that sends what the client's ``Endpoint`` sends: the same request messages with the same
fields set, ``authorization: Bearer KEY`` metadata when a key is given, and each response's
``stat`` turned into an exception by its BTrDB code, as the client's ``check_proto_stat`` does.
On top of it sit the few pieces of ``Stream`` and ``BTrDB`` logic whose requests the server must
answer as the client expects: earliest/latest as nearest from MIN_TIME forward and MAX_TIME
backward, count as the sum of aligned windows' counts, annotations JSON-encoded and updated by
compare-and-set on the property version (1 right after create), list_unique_* as SQLQuery.

Usage: btrdb_client_workflow.py --target 127.0.0.1:PORT --stubs DIR [--api-key KEY]
       [--expect FILE]

DIR holds btrdb_v5_pb2.py generated from Dendro's btrdb_v5.proto by a protoc matching the
installed python3-protobuf. The script expects a fresh database. Each step's name is printed;
on the first failure it prints the step and the reason and exits 1 (2 for a setup problem).
With --expect it writes what the database must hold afterwards, one line each:
``point UUID TIME VALUE``, ``gone UUID``, ``meta UUID COLLECTION WIRE_PROPERTY_VERSION``.
"""

import argparse
import collections
import json
import math
import random
import sys
import time
import traceback
import uuid as uuidlib

try:
    import grpc
except ImportError as e:
    print("SETUP: cannot import grpc (Debian package python3-grpcio; .ci/run installs it): %s" % e)
    sys.exit(2)

MIN_TIME = -(16 << 56)
MAX_TIME = (48 << 56) - 1
INSERT_BATCH_SIZE = 50_000  # the client's Stream.insert sends at most this many points per call
CALL_TIMEOUT_S = 60  # a safety net: the script must never hang the build

pb = None  # the generated module, imported in main()


# ---- errors, by BTrDB code (the client's btrdb/exceptions.py) ---------------------------------

class BTrDBError(Exception):
    def __init__(self, msg, code=None):
        super().__init__(msg)
        self.code = code


class BTRDBServerError(BTrDBError):
    pass


class BTRDBValueError(BTrDBError):
    pass


class StreamNotFoundError(BTrDBError):
    pass


class InvalidOperation(BTrDBError):
    pass


class StreamExists(InvalidOperation):
    pass


class AmbiguousStream(InvalidOperation):
    pass


class InvalidCollection(BTRDBValueError):
    pass


class InvalidTagKey(BTRDBValueError):
    pass


class InvalidTagValue(BTRDBValueError):
    pass


class InvalidTimeRange(BTRDBValueError):
    pass


class InvalidPointWidth(BTRDBValueError):
    pass


class BadValue(BTRDBValueError):
    pass


class RecycledUUID(BTRDBValueError):
    pass


class BadSQLValue(BTRDBValueError):
    pass


class VersionNotAvailable(BTRDBValueError):
    pass


class NoSuchPoint(BTRDBValueError):
    pass


ERRORS_BY_CODE = {
    401: NoSuchPoint, 404: StreamNotFoundError, 407: InvalidCollection, 408: InvalidTagKey,
    409: InvalidTagValue, 413: InvalidTimeRange, 415: InvalidPointWidth, 417: StreamExists,
    418: AmbiguousStream, 425: BadValue, 429: RecycledUUID, 441: BadSQLValue,
    450: VersionNotAvailable,
}
# codes the client reports as BTRDBServerError("CODE: msg")
SERVER_ERROR_CODES = {402, 403, 405, 414, 421, 423, 424, 426, 427, 431, 432, 433, 434, 438, 440,
                      452, 453, 454, 455, 456, 457, 458, 459, 500, 501, 502}


def check_stat(stat):
    """Raises the exception the client raises for a response's Status."""
    code = stat.code
    if code == 0:
        return
    if code in ERRORS_BY_CODE:
        raise ERRORS_BY_CODE[code](stat.msg, code)
    if code in SERVER_ERROR_CODES:
        raise BTRDBServerError("%d: %s" % (code, stat.msg), code)
    raise BTrDBError(stat.msg, code)


# ---- the channel and the stub -------------------------------------------------------------------

class _CallDetails(collections.namedtuple(
        "_CallDetails", "method timeout metadata credentials wait_for_ready compression"),
        grpc.ClientCallDetails):
    pass


class _ApiKeyInterceptor(grpc.UnaryUnaryClientInterceptor, grpc.UnaryStreamClientInterceptor):
    """Adds the metadata the client adds on a plain-text channel when given an API key."""

    def __init__(self, key):
        self.key = key

    def _details(self, d):
        md = list(d.metadata or [])
        md.append(("authorization", "Bearer " + self.key))
        md.append(("x-api-client", "btrdbpy-dendro-workflow"))
        return _CallDetails(d.method, d.timeout, md, d.credentials, d.wait_for_ready, d.compression)

    def intercept_unary_unary(self, continuation, details, request):
        return continuation(self._details(details), request)

    def intercept_unary_stream(self, continuation, details, request):
        return continuation(self._details(details), request)


def open_channel(target, api_key=None):
    # the client lifts the receive limit; the proxy switch keeps a proxy in the environment
    # away from a loopback test server
    options = [("grpc.max_receive_message_length", -1), ("grpc.enable_http_proxy", 0)]
    channel = grpc.insecure_channel(target, options)
    if api_key is not None:
        channel = grpc.intercept_channel(channel, _ApiKeyInterceptor(api_key))
    return channel


UNARY_RPCS = {
    "Nearest": ("NearestParams", "NearestResponse"),
    "Insert": ("InsertParams", "InsertResponse"),
    "Delete": ("DeleteParams", "DeleteResponse"),
    "Flush": ("FlushParams", "FlushResponse"),
    "Obliterate": ("ObliterateParams", "ObliterateResponse"),
    "Create": ("CreateParams", "CreateResponse"),
    "StreamInfo": ("StreamInfoParams", "StreamInfoResponse"),
    "SetStreamAnnotations": ("SetStreamAnnotationsParams", "SetStreamAnnotationsResponse"),
    "SetStreamTags": ("SetStreamTagsParams", "SetStreamTagsResponse"),
    "GetMetadataUsage": ("MetadataUsageParams", "MetadataUsageResponse"),
    "Info": ("InfoParams", "InfoResponse"),
}
STREAMED_RPCS = {
    "RawValues": ("RawValuesParams", "RawValuesResponse"),
    "AlignedWindows": ("AlignedWindowsParams", "AlignedWindowsResponse"),
    "Windows": ("WindowsParams", "WindowsResponse"),
    "Changes": ("ChangesParams", "ChangesResponse"),
    "ListCollections": ("ListCollectionsParams", "ListCollectionsResponse"),
    "LookupStreams": ("LookupStreamsParams", "LookupStreamsResponse"),
    "SQLQuery": ("SQLQueryParams", "SQLQueryResponse"),
}


class Stub:
    """What grpc_python's generated BTrDBStub would be, for the RPCs without Arrow."""

    def __init__(self, channel):
        for rpcs, make in ((UNARY_RPCS, channel.unary_unary), (STREAMED_RPCS, channel.unary_stream)):
            for name, (req, resp) in rpcs.items():
                call = make("/v5api.BTrDB/" + name,
                            request_serializer=getattr(pb, req).SerializeToString,
                            response_deserializer=getattr(pb, resp).FromString)
                setattr(self, name, _with_timeout(call))


def _with_timeout(call):
    return lambda request: call(request, timeout=CALL_TIMEOUT_S)


# ---- the endpoint: one method per RPC, the requests the client's Endpoint builds ---------------

def _opt_kvs(d):
    """KeyOptValue list as the client builds it for lookups and updates: None means no value."""
    out = []
    for k, v in d.items():
        if v is None:
            ov = None
        else:
            if isinstance(v, str):
                v = v.encode("utf-8")  # the client does this; protobuf takes UTF-8 bytes for strings
            ov = pb.OptValue(value=v)
        out.append(pb.KeyOptValue(key=k, val=ov))
    return out


class Endpoint:
    def __init__(self, channel):
        self.stub = Stub(channel)

    def rawValues(self, uu, start, end, version=0):
        params = pb.RawValuesParams(uuid=uu.bytes, start=start, end=end, versionMajor=version)
        for result in self.stub.RawValues(params):
            check_stat(result.stat)
            yield result.values, result.versionMajor

    def alignedWindows(self, uu, start, end, pointwidth, version=0):
        params = pb.AlignedWindowsParams(uuid=uu.bytes, start=start, end=end, versionMajor=version,
                                         pointWidth=int(pointwidth))
        for result in self.stub.AlignedWindows(params):
            check_stat(result.stat)
            yield result.values, result.versionMajor

    def windows(self, uu, start, end, width, depth, version=0):
        params = pb.WindowsParams(uuid=uu.bytes, start=start, end=end, versionMajor=version,
                                  width=width, depth=depth)
        for result in self.stub.Windows(params):
            check_stat(result.stat)
            yield result.values, result.versionMajor

    def streamInfo(self, uu, omitDescriptor, omitVersion):
        result = self.stub.StreamInfo(pb.StreamInfoParams(
            uuid=uu.bytes, omitVersion=omitVersion, omitDescriptor=omitDescriptor))
        desc = result.streamDescriptor  # the client's proto calls field 4 "descriptor"
        check_stat(result.stat)
        tags = {t.key: t.val.value for t in desc.tags}
        anns = {a.key: a.val.value for a in desc.annotations}
        return desc.collection, desc.propertyVersion, tags, anns, result.versionMajor

    def obliterate(self, uu):
        check_stat(self.stub.Obliterate(pb.ObliterateParams(uuid=uu.bytes)).stat)

    def setStreamAnnotations(self, uu, expected, changes, removals):
        params = pb.SetStreamAnnotationsParams(uuid=uu.bytes, expectedPropertyVersion=expected,
                                               changes=_opt_kvs(changes), removals=removals)
        check_stat(self.stub.SetStreamAnnotations(params).stat)

    def setStreamTags(self, uu, expected, tags, collection):
        params = pb.SetStreamTagsParams(uuid=uu.bytes, expectedPropertyVersion=expected,
                                        tags=_opt_kvs(tags), collection=collection)
        check_stat(self.stub.SetStreamTags(params).stat)

    def create(self, uu, collection, tags, annotations):
        tagkvs = [pb.KeyOptValue(key=k, val=pb.OptValue(value=v)) for k, v in tags.items()]
        annkvs = [pb.KeyOptValue(key=k, val=pb.OptValue(value=v)) for k, v in annotations.items()]
        params = pb.CreateParams(uuid=uu.bytes, collection=collection, tags=tagkvs, annotations=annkvs)
        check_stat(self.stub.Create(params).stat)

    def listCollections(self, prefix):
        for msg in self.stub.ListCollections(pb.ListCollectionsParams(prefix=prefix)):
            check_stat(msg.stat)
            yield msg.collections

    def lookupStreams(self, collection, isCollectionPrefix, tags, annotations):
        params = pb.LookupStreamsParams(collection=collection, isCollectionPrefix=isCollectionPrefix,
                                        tags=_opt_kvs(tags), annotations=_opt_kvs(annotations))
        for result in self.stub.LookupStreams(params):
            check_stat(result.stat)
            yield result.results

    def nearest(self, uu, time_ns, version, backward):
        result = self.stub.Nearest(pb.NearestParams(uuid=uu.bytes, time=time_ns, versionMajor=version,
                                                    backward=backward))
        check_stat(result.stat)
        return result.value, result.versionMajor

    def changes(self, uu, fromVersion, toVersion, resolution):
        params = pb.ChangesParams(uuid=uu.bytes, fromMajor=fromVersion, toMajor=toVersion,
                                  resolution=resolution)
        for result in self.stub.Changes(params):
            check_stat(result.stat)
            yield result.ranges, result.versionMajor

    def insert(self, uu, values, policy):
        policies = {"never": pb.NEVER, "equal": pb.EQUAL, "retain": pb.RETAIN, "replace": pb.REPLACE}
        params = pb.InsertParams(uuid=uu.bytes, sync=False,
                                 values=[pb.RawPoint(time=t, value=v) for t, v in values],
                                 merge_policy=policies[policy])
        result = self.stub.Insert(params)
        check_stat(result.stat)
        return result.versionMajor

    def deleteRange(self, uu, start, end):
        result = self.stub.Delete(pb.DeleteParams(uuid=uu.bytes, start=start, end=end))
        check_stat(result.stat)
        return result.versionMajor

    def info(self):
        result = self.stub.Info(pb.InfoParams())
        check_stat(result.stat)
        return result

    def flush(self, uu):
        check_stat(self.stub.Flush(pb.FlushParams(uuid=uu.bytes)).stat)

    def getMetadataUsage(self, prefix):
        result = self.stub.GetMetadataUsage(pb.MetadataUsageParams(prefix=prefix))
        check_stat(result.stat)
        return result.tags, result.annotations

    def sql_query(self, stmt, params):
        for page in self.stub.SQLQuery(pb.SQLQueryParams(query=stmt, params=params)):
            check_stat(page.stat)
            yield page.SQLQueryRow


# ---- the client's logic over the endpoint ------------------------------------------------------

def pointwidth_from_nanoseconds(nsec):
    """The largest pointwidth whose window is no longer than nsec (the client's pointwidth helper)."""
    pos = 0
    for pos in range(62):
        nsec >>= 1
        if nsec == 0:
            break
    return pos


def encode_annotation(v):
    """JSON, except that a plain string goes without its quotes (the client's AnnotationEncoder)."""
    s = json.dumps(v, indent=None, allow_nan=True)
    if s.startswith('"') and s.endswith('"'):
        s = s.strip('"')
    return s


def decode_annotation(s):
    """JSON, or the raw string where it is not JSON (the client's AnnotationDecoder)."""
    try:
        return json.loads(s)
    except json.JSONDecodeError:
        return s


class Stream:
    def __init__(self, db, uu, collection=None, tags=None, annotations=None, property_version=None):
        self.db = db
        self.uuid = uu
        self.collection = collection
        self._tags = tags
        self._annotations = annotations
        self.property_version = property_version

    def refresh_metadata(self):
        c, pv, tags, anns, _ = self.db.ep.streamInfo(self.uuid, False, True)
        self.collection, self.property_version, self._tags = c, pv, tags
        self._annotations = {k: decode_annotation(v) for k, v in anns.items()}

    def exists(self):
        try:
            self.refresh_metadata()
            return True
        except StreamNotFoundError:
            return False

    def tags(self):
        return dict(self._tags)

    def annotations(self, refresh=False):
        if refresh or self._annotations is None:
            self.refresh_metadata()
        return dict(self._annotations), self.property_version

    def version(self):
        return self.db.ep.streamInfo(self.uuid, True, False)[4]

    def insert(self, data, merge="never"):
        version = 0
        for i in range(0, len(data), INSERT_BATCH_SIZE):
            version = self.db.ep.insert(self.uuid, data[i:i + INSERT_BATCH_SIZE], merge)
        return version

    def values(self, start, end, version=0):
        return [((p.time, p.value), v) for pts, v in self.db.ep.rawValues(self.uuid, start, end, version)
                for p in pts]

    def aligned_windows(self, start, end, pointwidth, version=0):
        return tuple((p, v) for pts, v in self.db.ep.alignedWindows(self.uuid, start, end, pointwidth, version)
                     for p in pts)

    def windows(self, start, end, width, depth=0, version=0):
        return tuple((p, v) for pts, v in self.db.ep.windows(self.uuid, start, end, width, depth, version)
                     for p in pts)

    def nearest(self, t, version=0, backward=False):
        try:
            rp, v = self.db.ep.nearest(self.uuid, t, version, backward)
        except NoSuchPoint:
            return None
        return (rp.time, rp.value), v

    def earliest(self, version=0):
        return self.nearest(MIN_TIME, version=version, backward=False)

    def latest(self, version=0):
        return self.nearest(MAX_TIME, version=version, backward=True)

    def count(self, start=MIN_TIME, end=MAX_TIME, pointwidth=62, precise=False, version=0):
        if not precise:
            pointwidth = min(pointwidth, pointwidth_from_nanoseconds(end - start) - 1)
            return sum(p.count for p, _ in self.aligned_windows(start, end, pointwidth, version))
        return sum(p.count for p, _ in self.windows(start, end, end - start, 0, version))

    def update(self, tags=None, annotations=None, collection=None, replace=False):
        if tags is not None or collection is not None:
            self.db.ep.setStreamTags(self.uuid, self.property_version, tags or {},
                                     self.collection if collection is None else collection)
            self.refresh_metadata()
        if annotations is not None:
            changes = {k: encode_annotation(v) for k, v in annotations.items()}
            removals = [k for k in self._annotations if k not in annotations] if replace else []
            self.db.ep.setStreamAnnotations(self.uuid, self.property_version, changes, removals)
            self.refresh_metadata()
        return self.property_version

    def delete(self, start, end):
        return self.db.ep.deleteRange(self.uuid, start, end)

    def flush(self):
        self.db.ep.flush(self.uuid)

    def obliterate(self):
        self.db.ep.obliterate(self.uuid)


class BTrDB:
    def __init__(self, channel):
        self.ep = Endpoint(channel)
        self.ep.info()  # the client checks the connection with Info ...
        info = self.ep.info()  # ... and asks again whether Arrow is on
        self.arrow_enabled = info.majorVersion >= 5 and info.minorVersion >= 30

    def info(self):
        i = self.ep.info()
        return {"majorVersion": i.majorVersion, "minorVersion": i.minorVersion, "build": i.build,
                "proxy": {"proxyEndpoints": list(i.proxy.proxyEndpoints)}}

    def create(self, uu, collection, tags=None, annotations=None):
        tags = tags or {}
        annotations = annotations or {}
        self.ep.create(uu, collection, tags, annotations)
        return Stream(self, uu, collection=collection, tags=dict(tags), annotations=dict(annotations),
                      property_version=1)

    def stream_from_uuid(self, uu):
        return Stream(self, uu)

    def list_collections(self, starts_with=""):
        return [c for page in self.ep.listCollections(starts_with) for c in page]

    def streams_in_collection(self, *collection, is_collection_prefix=True, tags=None, annotations=None):
        found = []
        for item in (collection or [None]):
            for page in self.ep.lookupStreams(item, is_collection_prefix, tags or {}, annotations or {}):
                for d in page:
                    found.append(Stream(self, uuidlib.UUID(bytes=d.uuid), collection=d.collection,
                                        tags={t.key: t.val.value for t in d.tags},
                                        annotations={a.key: a.val.value for a in d.annotations},
                                        property_version=d.propertyVersion))
        return found

    def collection_metadata(self, prefix):
        tags, anns = self.ep.getMetadataUsage(prefix)
        return {t.key: t.count for t in tags}, {a.key: a.count for a in anns}

    def query(self, stmt, params=None):
        return [json.loads(row.decode("utf-8")) for page in self.ep.sql_query(stmt, params or [])
                for row in page]

    def _list_unique(self, key, collection):
        if key == "annotations":
            stmt = "select distinct(skeys(annotations)) as annotations from streams"
        else:
            stmt = "select distinct({0}) as {0} from streams".format(key)
        params = []
        if isinstance(collection, str):
            params.append(collection + "%")
            stmt = stmt + " where collection like $1"
        return [row[key] for row in self.query(stmt, params)]

    def list_unique_names(self, collection=None):
        return self._list_unique("name", collection)

    def list_unique_units(self, collection=None):
        return self._list_unique("unit", collection)

    def list_unique_annotations(self, collection=None):
        return self._list_unique("annotations", collection)


# ---- checks -------------------------------------------------------------------------------------

class CheckFailed(Exception):
    pass


def check(cond, what):
    if not cond:
        raise CheckFailed(what)


def check_eq(got, want, what):
    if got != want:
        raise CheckFailed("%s: expected %r, got %r" % (what, want, got))


def expect_error(cls, code, fn, what):
    """Runs fn (draining a generator) and returns the exception; it must be cls with code."""
    try:
        r = fn()
        if hasattr(r, "__next__"):
            list(r)
    except BTrDBError as e:
        if not isinstance(e, cls) or e.code != code:
            raise CheckFailed("%s: expected %s [%d], got %s [%s]: %s"
                              % (what, cls.__name__, code, type(e).__name__, e.code, e))
        print("    %s -> %s [%d] %s" % (what, type(e).__name__, e.code, e))
        return e
    raise CheckFailed("%s: expected %s [%d], but it succeeded" % (what, cls.__name__, code))


def expected_windows(points, starts, width):
    """(start, min, mean, max, count, stddev) of each window holding points, in start order."""
    by = collections.OrderedDict()
    for w in starts:
        by[w] = []
    for t, v in points:
        for w in starts:  # few windows: a scan is clear and fast enough
            if w <= t < w + width:
                by[w].append(v)
                break
    out = []
    for w, vs in by.items():
        if vs:
            mean = math.fsum(vs) / len(vs)
            sd = math.sqrt(math.fsum((v - mean) ** 2 for v in vs) / len(vs))
            out.append((w, min(vs), mean, max(vs), len(vs), sd))
    return out


def check_stats(got, want, what):
    check_eq(len(got), len(want), what + ": number of windows")
    for (p, _), (w, mn, mean, mx, n, sd) in zip(got, want):
        check_eq((p.time, p.count, p.min, p.max), (w, n, mn, mx), what + ": window at " + str(w))
        check(math.isclose(p.mean, mean, rel_tol=1e-9, abs_tol=1e-9),
              "%s: mean at %d is %r, expected %r" % (what, w, p.mean, mean))
        check(math.isclose(p.stddev, sd, rel_tol=1e-6, abs_tol=1e-9),
              "%s: stddev at %d is %r, expected %r (population)" % (what, w, p.stddev, sd))


# ---- the workflow -------------------------------------------------------------------------------

BASE = 1 << 60          # 2006-07-14, a multiple of every pointwidth used below
STEP = 1_000_000        # 1 ms between points
N = 12_345              # more than 5,000 points: RawValues answers in several messages
PW = 30                 # aligned windows of 2^30 ns (about 1.07 s)


def main_values():
    return [(BASE + i * STEP, math.sin(i / 50.0) * 100.0 + i / 1000.0) for i in range(N)]


class Workflow:
    def __init__(self, target, api_key):
        self.target = target
        self.api_key = api_key
        self.db = BTrDB(open_channel(target, api_key))
        self.expect_points = {}   # uuid -> [(t, v)] the database must hold at the end
        self.gone = []
        self.meta = {}            # uuid -> Stream whose collection and property version to check

    def steps(self):
        s = [
            ("info", self.info),
            ("create streams", self.create),
            ("stream info of a fresh stream", self.stream_info),
            ("insert with merge policies never/equal/retain/replace", self.merge_policies),
            ("insert 12,345 points (unsorted, one client batch)", self.insert_many),
            ("values in several messages", self.values),
            ("aligned_windows", self.aligned_windows),
            ("windows", self.windows),
            ("nearest forward/backward and no such point (401)", self.nearest),
            ("earliest/latest as the client asks them", self.earliest_latest),
            ("count as the client computes it", self.count),
            ("StreamSet count/earliest/latest at the versions StreamInfo reports", self.streamset),
            ("annotations: compare-and-set, JSON values, stale version (423)", self.annotations),
            ("SetStreamTags: tags and collection change", self.set_tags),
            ("list_collections", self.list_collections),
            ("streams_in_collection lookups", self.lookups),
            ("collection_metadata (GetMetadataUsage)", self.metadata_usage),
            ("SQLQuery: list_unique_names/units/annotations", self.sql),
            ("delete: values gone, version moves, old version kept", self.delete),
            ("flush", self.flush),
            ("changes", self.changes),
            ("obliterate, then 404", self.obliterate),
            ("errors by code", self.errors),
        ]
        if self.api_key is not None:
            s.append(("a wrong or missing api key is refused", self.wrong_key))
        return s

    # -- steps --

    def info(self):
        i = self.db.info()
        print("    info:", i)
        check_eq(i["majorVersion"], 5, "majorVersion")
        check(i["minorVersion"] >= 30, "minorVersion %d < 30: the client would not use Arrow"
              % i["minorVersion"])
        check(self.db.arrow_enabled, "the client's Arrow switch would be off")
        check(len(i["proxy"]["proxyEndpoints"]) >= 1, "Info names no proxy endpoint")

    def create(self):
        db = self.db
        self.main = db.create(uuidlib.uuid4(), "foo/bar", tags={"name": "sensor1", "unit": "volts"},
                              annotations={"site": "lab", "owner": "alice"})
        self.merge = {}
        for policy in ("never", "equal", "retain", "replace"):
            self.merge[policy] = db.create(uuidlib.uuid4(), "foo/merge",
                                           tags={"name": "merge_" + policy, "unit": "amps"},
                                           annotations={"policy": policy})
        self.other = db.create(uuidlib.uuid4(), "other/x", tags={"name": "other1", "unit": "watts"},
                               annotations={"kind": "spare"})
        self.empty = db.create(uuidlib.uuid4(), "other/empty", tags={"name": "empty1"})
        check_eq(self.main.property_version, 1, "the property version the client assumes after create")

    def stream_info(self):
        ep = self.db.ep
        c, pv, tags, anns, ver = ep.streamInfo(self.main.uuid, False, True)  # refresh_metadata's call
        check_eq(c, "foo/bar", "collection")
        check_eq(pv, 1, "property version of a fresh stream")
        check_eq(tags, {"name": "sensor1", "unit": "volts"}, "tags")
        check_eq(anns, {"site": "lab", "owner": "alice"}, "annotations")
        check_eq(ver, 0, "versionMajor with omitVersion")
        check_eq(self.main.version(), 0, "data version of a stream without points")
        r = ep.stub.StreamInfo(pb.StreamInfoParams(uuid=self.main.uuid.bytes, omitDescriptor=True))
        check(not r.HasField("streamDescriptor"), "omitDescriptor still sent a descriptor")
        check_eq(self.empty.values(MIN_TIME, MAX_TIME), [], "values of an empty stream")
        check_eq(self.empty.earliest(), None, "earliest of an empty stream")
        check_eq(self.empty.count(), 0, "count of an empty stream")

    def merge_policies(self):
        base = [(BASE + 100, 1.0), (BASE + 200, 2.0)]
        batch = [(BASE + 100, 1.0), (BASE + 200, 5.0), (BASE + 300, 3.0), (BASE + 400, 4.0),
                 (BASE + 400, 4.5), (BASE + 500, 5.0), (BASE + 500, 5.0)]
        want = {
            "never": [(100, 1.0), (100, 1.0), (200, 2.0), (200, 5.0), (300, 3.0), (400, 4.0), (400, 4.5),
                      (500, 5.0), (500, 5.0)],
            "equal": [(100, 1.0), (200, 2.0), (200, 5.0), (300, 3.0), (400, 4.0), (400, 4.5), (500, 5.0)],
            "retain": [(100, 1.0), (200, 2.0), (300, 3.0), (400, 4.0), (500, 5.0)],
            "replace": [(100, 1.0), (200, 5.0), (300, 3.0), (400, 4.5), (500, 5.0)],
        }
        for policy, s in self.merge.items():
            v1 = s.insert(base)
            v2 = s.insert(batch, merge=policy)
            check(v2 >= v1 >= 1, "%s: insert versions %d then %d" % (policy, v1, v2))
            got = [p for p, _ in s.values(MIN_TIME, MAX_TIME)]
            check([t for t, _ in got] == sorted(t for t, _ in got), "%s: values not in time order" % policy)
            expected = [(BASE + t, v) for t, v in want[policy]]
            check_eq(sorted(got), sorted(expected), "values after merge policy " + policy)
            print("    %-7s -> %d points" % (policy, len(got)))
            self.expect_points[s.uuid] = expected

    def insert_many(self):
        data = main_values()
        shuffled = list(data)
        random.Random(20240601).shuffle(shuffled)
        self.v_insert = self.main.insert(shuffled)
        check(self.v_insert >= 1, "insert returned version %d" % self.v_insert)
        self.main.flush()
        check_eq(self.main.version(), self.v_insert, "stream version after flush vs the insert's version")
        self.data = data

    def values(self):
        msgs = list(self.db.ep.rawValues(self.main.uuid, MIN_TIME, MAX_TIME, 0))
        print("    RawValues answered in %d messages of %s points" % (len(msgs), [len(m) for m, _ in msgs]))
        check(len(msgs) > 1, "%d points came in %d message(s); expected several" % (N, len(msgs)))
        check_eq({v for _, v in msgs}, {self.v_insert}, "versionMajor of every message")
        got = [(p.time, p.value) for m, _ in msgs for p in m]
        check_eq(len(got), N, "number of points")
        check(got == self.data, "points differ from those inserted (first difference at %s)"
              % next((i for i, (a, b) in enumerate(zip(got, self.data)) if a != b), None))
        # a sub-range [start, end) at the numbered version
        sub = self.main.values(BASE + 10 * STEP, BASE + 20 * STEP, version=self.v_insert)
        check_eq([p for p, _ in sub], self.data[10:20], "values in [10 ms, 20 ms) at the numbered version")

    def aligned_windows(self):
        end = BASE + N * STEP
        got = self.main.aligned_windows(BASE, end, PW)
        w = 1 << PW
        starts = list(range(BASE >> PW << PW, end >> PW << PW, w))
        want = expected_windows(self.data, starts, w)
        check_stats(got, want, "aligned_windows pw %d" % PW)
        check(all(v == self.v_insert for _, v in got), "aligned_windows version")
        # start and end inside windows: both are rounded down
        got2 = self.main.aligned_windows(BASE + 12345, BASE + 3 * w + 777, PW)
        check_eq([p.time for p, _ in got2], [BASE, BASE + w, BASE + 2 * w], "windows of unaligned bounds")
        print("    %d windows, counts %s" % (len(got), [p.count for p, _ in got]))

    def windows(self):
        width = 1_000_000_000
        end = BASE + N * STEP
        got = self.main.windows(BASE, end, width, 0)
        starts = list(range(BASE, BASE + ((end - BASE) // width) * width, width))
        check_stats(got, expected_windows(self.data, starts, width), "windows of 1 s")
        print("    %d windows of 1 s" % len(got))

    def nearest(self):
        s = self.main
        at = BASE + 5 * STEP
        check_eq(s.nearest(at + 1)[0], self.data[6], "nearest forward after a point")
        check_eq(s.nearest(at)[0], self.data[5], "nearest forward at a point (inclusive)")
        check_eq(s.nearest(at, backward=True)[0], self.data[4], "nearest backward at a point (exclusive)")
        check_eq(s.nearest(at, version=self.v_insert)[1], self.v_insert, "nearest's version")
        check_eq(s.nearest(BASE + N * STEP), None, "nearest forward past the last point")
        check_eq(s.nearest(BASE, backward=True), None, "nearest backward at the first point")
        expect_error(NoSuchPoint, 401, lambda: self.db.ep.nearest(s.uuid, BASE + N * STEP, 0, False),
                     "Nearest past the last point")

    def earliest_latest(self):
        e, ev = self.main.earliest()
        l, lv = self.main.latest()
        check_eq(e, self.data[0], "earliest")
        check_eq(l, self.data[-1], "latest")
        check_eq((ev, lv), (self.v_insert, self.v_insert), "earliest/latest versions")

    def count(self):
        s = self.main
        check_eq(s.count(), N, "count over everything (pointwidth %d)"
                 % min(62, pointwidth_from_nanoseconds(MAX_TIME - MIN_TIME) - 1))
        check_eq(s.count(precise=True), N, "precise count over everything")
        end = BASE + 1000 * STEP
        pw = pointwidth_from_nanoseconds(end - BASE) - 1
        covered = (end >> pw << pw) - BASE  # the client's count covers whole windows only
        want = sum(1 for t, _ in self.data if BASE <= t < BASE + covered)
        check_eq(s.count(BASE, end), want, "count over [0, 1 s) at pointwidth %d (whole windows)" % pw)
        check_eq(s.count(BASE, end, precise=True), 1000, "precise count over [0, 1 s)")
        print("    count() = %d, count(0..1 s) = %d, precise = 1000" % (N, want))

    def streamset(self):
        # StreamSet.count(), earliest() and latest() read each stream at stream.version(), which
        # is StreamInfo's latest sealed version: after a flush that holds every point
        streams = [self.main] + list(self.merge.values())
        for s in streams:
            s.flush()
        versions = {s.uuid: s.version() for s in streams}
        for s in streams:
            want = sorted(self.data if s is self.main else self.expect_points[s.uuid])
            v = versions[s.uuid]
            check(v >= 1, "StreamInfo reports version %d after a flush" % v)
            check_eq(s.count(version=v), len(want), "count at version %d" % v)
            check_eq(s.nearest(MIN_TIME, version=v), (want[0], v), "earliest at version %d" % v)
            check_eq(s.nearest(MAX_TIME, version=v, backward=True)[0][0], want[-1][0],
                     "latest's time at version %d" % v)

    def annotations(self):
        s = self.main
        pv = s.update(annotations={"owner": "bob", "calibrated": True, "gain": 2.5, "channels": ["a", "b"]})
        check_eq(pv, 2, "property version after one annotation update")
        anns, pv2 = s.annotations(refresh=True)
        check_eq(anns, {"site": "lab", "owner": "bob", "calibrated": True, "gain": 2.5, "channels": ["a", "b"]},
                 "annotations decoded from JSON")
        check_eq(pv2, 2, "property version reported")
        raw = self.db.ep.streamInfo(s.uuid, False, True)[3]
        check_eq(raw["calibrated"], "true", "an annotation's wire value (JSON)")
        check_eq(raw["owner"], "bob", "a plain string annotation goes without quotes")
        e = expect_error(BTRDBServerError, 423,
                         lambda: self.db.ep.setStreamAnnotations(s.uuid, 1, {"owner": "eve"}, []),
                         "update with a stale property version")
        check(str(e).startswith("423: "), "the client's message for 423 starts with the code")
        check_eq(s.annotations(refresh=True)[0]["owner"], "bob", "a stale update changed nothing")
        # replace=True removes the keys not given
        pv = s.update(annotations={"owner": "bob", "calibrated": True, "gain": 2.5, "channels": ["a", "b"]},
                      replace=True)
        check_eq(pv, 3, "property version after a replacing update")
        check("site" not in s.annotations()[0], "replace=True kept a key not given")

    def set_tags(self):
        s = self.main
        pv = s.update(collection="foo/baz")
        check_eq((s.collection, pv), ("foo/baz", 4), "collection and property version after the move")
        check_eq(s.tags(), {"name": "sensor1", "unit": "volts"}, "tags kept by a collection change")
        pv = s.update(tags={"unit": "millivolts"})
        check_eq(s.tags(), {"name": "sensor1", "unit": "millivolts"}, "tags after an upsert")
        check_eq((s.collection, pv), ("foo/baz", 5), "collection and property version after a tag update")
        pv = s.update(tags={"location": "roof"}, annotations={"note": "moved"})
        check_eq(pv, 7, "property version after a tags-and-annotations update (two increments)")
        check_eq(s.tags()["location"], "roof", "a new tag")
        e = expect_error(BTRDBServerError, 423,
                         lambda: self.db.ep.setStreamTags(s.uuid, 5, {"unit": "V"}, "foo/bar"),
                         "SetStreamTags with a stale property version")
        check_eq(s.version(), self.v_insert, "metadata changes leave the data version alone")
        self.meta[s.uuid] = s

    def list_collections(self):
        check_eq(self.db.list_collections(), ["foo/baz", "foo/merge", "other/empty", "other/x"], "all collections")
        check_eq(self.db.list_collections("foo"), ["foo/baz", "foo/merge"], "collections starting with foo")
        check_eq(self.db.list_collections("nothing"), [], "collections starting with nothing")

    def lookups(self):
        db = self.db

        def names(streams):
            return sorted(s.tags()["name"] for s in streams)

        merge_names = ["merge_equal", "merge_never", "merge_replace", "merge_retain"]
        check_eq(names(db.streams_in_collection("foo/merge", is_collection_prefix=False)), merge_names,
                 "streams of one collection")
        check_eq(names(db.streams_in_collection("foo/merge", is_collection_prefix=False,
                                                tags={"name": "merge_retain"})), ["merge_retain"], "by name")
        check_eq(names(db.streams_in_collection("foo", tags={"unit": None})), merge_names + ["sensor1"],
                 "prefix foo, any unit (a key with no value matches any value)")
        check_eq(names(db.streams_in_collection("foo", tags={"location": None})), ["sensor1"],
                 "prefix foo, has the tag location")
        check_eq(names(db.streams_in_collection("foo", is_collection_prefix=False)), [],
                 "collection foo exactly")
        check_eq(names(db.streams_in_collection(tags={"unit": "amps"})), merge_names, "no collection, by unit")
        check_eq(names(db.streams_in_collection(annotations={"calibrated": None})), ["sensor1"],
                 "by annotation key")
        check_eq(names(db.streams_in_collection(annotations={"owner": "bob"})), ["sensor1"],
                 "by annotation value")
        check_eq(names(db.streams_in_collection("foo", "other")),
                 sorted(merge_names + ["empty1", "other1", "sensor1"]), "two collection prefixes")
        found = db.streams_in_collection("foo/baz", is_collection_prefix=False)
        check_eq([(s.uuid, s.property_version) for s in found], [(self.main.uuid, 7)],
                 "a looked-up stream's uuid and property version")
        # the client updates a looked-up stream with the property version the lookup reported
        check_eq(found[0].update(annotations={"via": "lookup"}), 8,
                 "property version after updating a looked-up stream")
        self.main.refresh_metadata()
        check_eq(db.streams_in_collection("foo/bar", is_collection_prefix=False), [],
                 "the old collection is empty after the move")

    def metadata_usage(self):
        tags, anns = self.db.collection_metadata("foo")
        check_eq(tags, {"name": 5, "unit": 5, "location": 1, "ingress": 0, "distiller": 0},
                 "tag usage under foo (BTrDB lists its well-known tags also when unused)")
        check_eq(anns, {"policy": 4, "owner": 1, "calibrated": 1, "gain": 1, "channels": 1, "note": 1, "via": 1},
                 "annotation usage under foo")
        tags, _ = self.db.collection_metadata("")
        check_eq(tags["name"], 7, "streams with a name tag")

    def sql(self):
        db = self.db
        check_eq(sorted(db.list_unique_names("foo")),
                 ["merge_equal", "merge_never", "merge_replace", "merge_retain", "sensor1"],
                 "list_unique_names('foo'): ... where collection like $1 with 'foo%'")
        check_eq(sorted(db.list_unique_names()),
                 ["empty1", "merge_equal", "merge_never", "merge_replace", "merge_retain", "other1", "sensor1"],
                 "list_unique_names()")
        check_eq(sorted(db.list_unique_units("foo")), ["amps", "millivolts"], "list_unique_units('foo')")
        check_eq(sorted(db.list_unique_units()), ["amps", "millivolts", "watts"], "list_unique_units()")
        check_eq(sorted(db.list_unique_annotations("other")), ["kind"], "list_unique_annotations('other')")
        check_eq(sorted(db.list_unique_annotations("foo")),
                 ["calibrated", "channels", "gain", "note", "owner", "policy", "via"],
                 "list_unique_annotations('foo')")
        rows = db.query("select distinct(name) as name from streams where collection like $1", ["foo%"])
        check(all(set(r) == {"name"} for r in rows), "rows are JSON objects with the key 'name': %r" % rows)
        expect_error(BTRDBServerError, 501, lambda: db.query("select uuid from streams"),
                     "an SQL statement the server does not answer")

    def delete(self):
        s = self.main
        cut = 100
        v_before = s.version()
        self.v_delete = s.delete(BASE, BASE + cut * STEP)
        check(self.v_delete > v_before, "delete returned version %d, not after %d" % (self.v_delete, v_before))
        check_eq(s.version(), self.v_delete, "stream version after delete")
        check_eq(s.values(BASE, BASE + cut * STEP), [], "values in the deleted range")
        check_eq(s.count(), N - cut, "count after delete")
        check_eq(s.earliest()[0], self.data[cut], "earliest after delete")
        old = s.values(BASE, BASE + cut * STEP, version=self.v_insert)
        check_eq([p for p, _ in old], self.data[:cut], "the deleted points at the version before")
        check(all(v == self.v_insert for _, v in old), "version reported for an old-version read")
        expect_error(InvalidTimeRange, 413, lambda: s.delete(BASE + 10, BASE), "delete with end before start")
        self.expect_points[s.uuid] = self.data[cut:]

    def flush(self):
        s = self.other
        pts = [(BASE + i * STEP, float(i)) for i in range(3)]
        v = s.insert(pts)
        s.flush()
        check_eq(s.version(), v, "version after flush vs the insert's version")
        check_eq([p for p, _ in s.values(MIN_TIME, MAX_TIME, version=v)], pts, "flushed points at their version")
        v2 = s.insert([(BASE + 10 * STEP, 10.0)])
        s.flush()
        check_eq(s.version(), v2, "second flush")
        check(v2 > v, "versions %d then %d" % (v, v2))
        s.flush()  # nothing buffered: no new version
        check_eq(s.version(), v2, "a flush with nothing buffered")

    def changes(self):
        ep = self.db.ep
        msgs = list(ep.changes(self.main.uuid, self.v_insert, self.v_delete, PW))
        ranges = [(r.start, r.end) for rs, _ in msgs for r in rs]
        print("    changes %d -> %d at resolution %d: %s" % (self.v_insert, self.v_delete, PW, ranges))
        check(len(ranges) >= 1, "no changed range reported for a delete")
        check(all(v == self.v_delete for _, v in msgs), "versionMajor of Changes is the 'to' version")
        w = 1 << PW
        for a, b in ranges:
            check(a % w == 0 and b % w == 0, "range [%d, %d) not on multiples of 2^%d" % (a, b, PW))
            check(BASE <= a < b <= BASE + w, "range [%d, %d) outside the deleted block" % (a, b))
        check(any(a <= BASE and BASE + 100 * STEP <= b for a, b in ranges), "the deleted range is not covered")
        same = list(ep.changes(self.main.uuid, self.v_delete, self.v_delete, PW))
        check_eq([r for rs, _ in same for r in rs], [], "no changes from a version to itself")

    def obliterate(self):
        s = self.other
        s.obliterate()
        check(not s.exists(), "the stream still exists after obliterate")
        expect_error(StreamNotFoundError, 404, lambda: s.values(MIN_TIME, MAX_TIME), "values after obliterate")
        expect_error(StreamNotFoundError, 404, lambda: s.version(), "StreamInfo after obliterate")
        expect_error(StreamNotFoundError, 404, lambda: s.obliterate(), "obliterate twice")
        check("other/x" not in self.db.list_collections(), "the collection of the only stream is still listed")
        self.gone.append(s.uuid)

    def errors(self):
        db, ep, s = self.db, self.db.ep, self.main
        expect_error(StreamExists, 417,
                     lambda: db.create(s.uuid, "foo/new", tags={"name": "x"}), "create an existing uuid")
        expect_error(AmbiguousStream, 418,
                     lambda: db.create(uuidlib.uuid4(), "foo/merge", tags={"name": "merge_never", "unit": "amps"}),
                     "create with the collection and tags of another stream")
        bad = pb.RawValuesParams(uuid=b"\x01" * 15, start=MIN_TIME, end=MAX_TIME)
        expect_error(BTRDBServerError, 421, lambda: [check_stat(r.stat) for r in ep.stub.RawValues(bad)],
                     "a uuid of 15 bytes")
        expect_error(BTRDBServerError, 421,
                     lambda: check_stat(ep.stub.StreamInfo(pb.StreamInfoParams(uuid=b"")).stat), "no uuid")
        expect_error(BadValue, 425, lambda: s.insert([(BASE, float("nan"))]), "insert NaN")
        expect_error(BadValue, 425, lambda: s.insert([(BASE, float("inf"))]), "insert infinity")
        expect_error(InvalidTimeRange, 413, lambda: s.insert([(MAX_TIME, 1.0)]), "insert at MAX_TIME")
        expect_error(InvalidPointWidth, 415, lambda: s.aligned_windows(MIN_TIME, MAX_TIME, 64), "pointwidth 64")
        expect_error(VersionNotAvailable, 450, lambda: s.values(MIN_TIME, MAX_TIME, version=10 ** 6),
                     "values at a version that does not exist")
        expect_error(VersionNotAvailable, 450, lambda: s.nearest(BASE, version=10 ** 6),
                     "nearest at a version that does not exist")
        req = pb.InsertParams(uuid=s.uuid.bytes, values=[pb.RawPoint(time=BASE, value=1.0)], merge_policy=7)
        expect_error(BTRDBServerError, 421, lambda: check_stat(ep.stub.Insert(req).stat), "merge policy 7")
        expect_error(StreamNotFoundError, 404, lambda: db.stream_from_uuid(uuidlib.uuid4()).version(),
                     "an unknown uuid")
        check(not db.stream_from_uuid(uuidlib.uuid4()).exists(), "exists() of an unknown uuid")
        check_eq(s.count(), N - 100, "failed inserts inserted nothing")

    def wrong_key(self):
        for key, what in ((self.api_key + "-wrong", "a wrong key"), (None, "no key")):
            ep = Endpoint(open_channel(self.target, key))
            for name, call in (("Info", lambda: ep.info()),
                               ("RawValues", lambda: list(ep.rawValues(self.main.uuid, MIN_TIME, MAX_TIME)))):
                try:
                    call()
                except grpc.RpcError as e:
                    check_eq((e.code(), e.details()), (grpc.StatusCode.UNAUTHENTICATED, "invalid api key"),
                             "%s with %s" % (name, what))
                    print("    %s with %s -> %s %r" % (name, what, e.code(), e.details()))
                    continue
                raise CheckFailed("%s with %s succeeded" % (name, what))

    # -- the record for the Java side --

    def write_expectations(self, path):
        with open(path, "w") as f:
            for u, pts in self.expect_points.items():
                for t, v in pts:
                    f.write("point %s %d %r\n" % (u, t, v))
            for u in self.gone:
                f.write("gone %s\n" % u)
            for u, s in self.meta.items():
                f.write("meta %s %s %d\n" % (u, s.collection, s.property_version))


def main():
    global pb
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--target", required=True, help="host:port of the server")
    ap.add_argument("--stubs", required=True, help="directory holding btrdb_v5_pb2.py")
    ap.add_argument("--api-key", help="send authorization: Bearer KEY; also check a wrong key is refused")
    ap.add_argument("--expect", help="write what the database must hold afterwards to this file")
    args = ap.parse_args()
    sys.path.insert(0, args.stubs)
    try:
        import google.protobuf
        import btrdb_v5_pb2
    except Exception as e:  # an ImportError, or a generated file the runtime refuses
        print("SETUP: cannot import the generated btrdb_v5_pb2 from %s: %s: %s"
              % (args.stubs, type(e).__name__, e))
        return 2
    pb = btrdb_v5_pb2
    print("python %s, grpcio %s, protobuf %s (%s)" % (sys.version.split()[0], grpc.__version__,
                                                      google.protobuf.__version__, _protobuf_impl()))
    started = time.monotonic()
    step = "connect"
    try:
        wf = Workflow(args.target, args.api_key)
        steps = wf.steps()
        for i, (step, fn) in enumerate(steps, 1):
            print("STEP %d/%d %s" % (i, len(steps), step), flush=True)
            t0 = time.monotonic()
            fn()
            print("  ok (%.0f ms)" % ((time.monotonic() - t0) * 1000), flush=True)
        if args.expect:
            wf.write_expectations(args.expect)
    except Exception as e:
        traceback.print_exc(file=sys.stdout)
        print("FAILED step '%s': %s: %s" % (step, type(e).__name__, e), flush=True)
        return 1
    print("workflow passed: %d steps in %.1f s" % (len(steps), time.monotonic() - started))
    return 0


def _protobuf_impl():
    try:
        from google.protobuf.internal import api_implementation
        return api_implementation.Type()
    except Exception:
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
