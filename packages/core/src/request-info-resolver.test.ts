import { describe, expect, it } from 'vitest';
import { decodeUrlPath, resolveRequestInfo } from './request-info-resolver.js';
import { StatusError } from './status.js';

function resolve(method: string, url: string) {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  return resolveRequestInfo(method, path, new URLSearchParams(q < 0 ? '' : url.slice(q + 1)));
}

// kube's TestGetAPIRequestInfo table: method, url, verb, prefix, group, version, namespace, resource, subresource, name, parts.
const resourceCases: [string, string, string, string, string, string, string, string, string, string, string[]][] = [
  ['GET', '/api/v1/namespaces', 'list', 'api', '', 'v1', '', 'namespaces', '', '', ['namespaces']],
  ['GET', '/api/v1/namespaces/other', 'get', 'api', '', 'v1', 'other', 'namespaces', '', 'other', ['namespaces', 'other']],
  ['GET', '/api/v1/namespaces/other/pods', 'list', 'api', '', 'v1', 'other', 'pods', '', '', ['pods']],
  ['GET', '/api/v1/namespaces/other/pods/foo', 'get', 'api', '', 'v1', 'other', 'pods', '', 'foo', ['pods', 'foo']],
  ['HEAD', '/api/v1/namespaces/other/pods/foo', 'get', 'api', '', 'v1', 'other', 'pods', '', 'foo', ['pods', 'foo']],
  ['GET', '/api/v1/pods', 'list', 'api', '', 'v1', '', 'pods', '', '', ['pods']],
  ['HEAD', '/api/v1/pods', 'list', 'api', '', 'v1', '', 'pods', '', '', ['pods']],
  ['PATCH', '/api/v1/namespaces/new-namespace', 'patch', 'api', '', 'v1', 'new-namespace', 'namespaces', '', 'new-namespace', ['namespaces', 'new-namespace']],
  // special verbs
  ['GET', '/api/v1/proxy/namespaces/other/pods/foo', 'proxy', 'api', '', 'v1', 'other', 'pods', '', 'foo', ['pods', 'foo']],
  ['GET', '/api/v1/proxy/namespaces/other/pods/foo/subpath/not/a/subresource', 'proxy', 'api', '', 'v1', 'other', 'pods', '', 'foo', ['pods', 'foo', 'subpath', 'not', 'a', 'subresource']],
  ['GET', '/api/v1/watch/pods', 'watch', 'api', '', 'v1', '', 'pods', '', '', ['pods']],
  ['GET', '/api/v1/pods?watch=true', 'watch', 'api', '', 'v1', '', 'pods', '', '', ['pods']],
  ['GET', '/api/v1/pods?watch=false', 'list', 'api', '', 'v1', '', 'pods', '', '', ['pods']],
  ['GET', '/api/v1/watch/namespaces/other/pods', 'watch', 'api', '', 'v1', 'other', 'pods', '', '', ['pods']],
  ['GET', '/api/v1/namespaces/other/pods?watch=1', 'watch', 'api', '', 'v1', 'other', 'pods', '', '', ['pods']],
  ['GET', '/api/v1/namespaces/other/pods?watch=0', 'list', 'api', '', 'v1', 'other', 'pods', '', '', ['pods']],
  // subresource identification
  ['GET', '/api/v1/namespaces/other/pods/foo/status', 'get', 'api', '', 'v1', 'other', 'pods', 'status', 'foo', ['pods', 'foo', 'status']],
  ['GET', '/api/v1/namespaces/other/pods/foo/proxy/subpath', 'get', 'api', '', 'v1', 'other', 'pods', 'proxy', 'foo', ['pods', 'foo', 'proxy', 'subpath']],
  ['PUT', '/api/v1/namespaces/other/finalize', 'update', 'api', '', 'v1', 'other', 'namespaces', 'finalize', 'other', ['namespaces', 'other', 'finalize']],
  ['PUT', '/api/v1/namespaces/other/status', 'update', 'api', '', 'v1', 'other', 'namespaces', 'status', 'other', ['namespaces', 'other', 'status']],
  // verb identification
  ['PATCH', '/api/v1/namespaces/other/pods/foo', 'patch', 'api', '', 'v1', 'other', 'pods', '', 'foo', ['pods', 'foo']],
  ['DELETE', '/api/v1/namespaces/other/pods/foo', 'delete', 'api', '', 'v1', 'other', 'pods', '', 'foo', ['pods', 'foo']],
  ['POST', '/api/v1/namespaces/other/pods', 'create', 'api', '', 'v1', 'other', 'pods', '', '', ['pods']],
  // deletecollection verb identification
  ['DELETE', '/api/v1/nodes', 'deletecollection', 'api', '', 'v1', '', 'nodes', '', '', ['nodes']],
  ['DELETE', '/api/v1/namespaces', 'deletecollection', 'api', '', 'v1', '', 'namespaces', '', '', ['namespaces']],
  ['DELETE', '/api/v1/namespaces/other/pods', 'deletecollection', 'api', '', 'v1', 'other', 'pods', '', '', ['pods']],
  ['DELETE', '/apis/extensions/v1/namespaces/other/pods', 'deletecollection', 'apis', 'extensions', 'v1', 'other', 'pods', '', '', ['pods']],
  // api group and version identification
  ['POST', '/apis/extensions/v1/namespaces/other/pods', 'create', 'apis', 'extensions', 'v1', 'other', 'pods', '', '', ['pods']],
  ['POST', '/apis/extensions/v1beta3/namespaces/other/pods', 'create', 'apis', 'extensions', 'v1beta3', 'other', 'pods', '', '', ['pods']],
];

describe('resolveRequestInfo (kube TestGetAPIRequestInfo)', () => {
  it.each(resourceCases)('%s %s is a resource request with verb %s', (method, url, verb, prefix, group, version, ns, resource, sub, name, parts) => {
    const info = resolve(method, url);
    expect(info).toMatchObject({
      isResourceRequest: true,
      verb,
      apiPrefix: prefix,
      apiGroup: group,
      apiVersion: version,
      namespace: ns,
      resource,
      subresource: sub,
      name,
      parts,
    });
  });

  it.each([
    ['no resource path', '/'],
    ['just apiversion', '/api/version/'],
    ['just prefix, group, version', '/apis/group/version/'],
    ['bad prefix', '/badprefix/version/resource'],
    ['missing api group', '/apis/version/resource'],
  ])('treats %s (%s) as a non-resource request', (_name, url) => {
    expect(resolve('GET', url).isResourceRequest).toBe(false);
  });
});

describe('resolveRequestInfo (kube TestGetNonAPIRequestInfo)', () => {
  it.each([
    ['/api/version/resource', true],
    ['/apis/group/version/resource/name/subresource', true],
    ['/api/version/resource/name/subresource', true],
    ['/apis/batch/v1/job', true],
    ['/apis/batch/v1/job/foo', true],
    ['/apis/batch/v1/job/foo/scale', true],
    ['/not-api/version/resource', false],
    ['/apis/extensions/v1beta1', false],
    ['/apis/extensions/v1beta1/', false],
    ['/api/version', false],
    ['/api', false],
    ['/', false],
    ['', false],
  ])('%s is a resource request: %s', (url, want) => {
    expect(resolve('GET', url).isResourceRequest).toBe(want);
  });

  it('gives a non-resource request the lower-cased method as verb and the path', () => {
    expect(resolve('POST', '/healthz/ping')).toMatchObject({ isResourceRequest: false, verb: 'post', path: '/healthz/ping', parts: [] });
  });
});

describe('resolveRequestInfo (kube TestFieldSelectorParsing)', () => {
  it.each([
    ['/apis/group/version/resource', '', 'list'],
    ['/apis/group/version/resource?fieldSelector=metadata.name=name1', 'name1', 'list'],
    ['/apis/group/version/resource?watch=true&fieldSelector=metadata.name=name1', 'name1', 'watch'],
    ['/apis/group/version/resource?fieldSelector=foo=bar', '', 'list'],
    ['/apis/group/version/resource?fieldSelector=metadata.name=name1,foo', '', 'list'],
    ['/apis/group/version/resource?fieldSelector=metadata.name=name1,foo&watch=true', '', 'watch'],
    ['/apis/group/version/resource?fieldSelector=metadata.name=name1,foo&watch=false', '', 'list'],
  ])('%s has name %j and verb %s', (url, name, verb) => {
    expect(resolve('GET', url)).toMatchObject({ name, verb });
  });

  it('ignores the metadata.name selector when any list option fails to decode', () => {
    expect(resolve('GET', '/api/v1/pods?fieldSelector=metadata.name=a&limit=x')).toMatchObject({ name: '', verb: 'list' });
    expect(resolve('GET', '/api/v1/pods?fieldSelector=metadata.name=a&labelSelector=a%20b&watch=1')).toMatchObject({ name: '', verb: 'watch' });
  });

  it('ignores a metadata.name that is no valid path segment', () => {
    expect(resolve('GET', '/api/v1/pods?fieldSelector=metadata.name=a%2Fb').name).toBe('');
  });

  it('does not make deletecollection name-scoped', () => {
    expect(resolve('DELETE', '/api/v1/pods?fieldSelector=metadata.name=a')).toMatchObject({ name: '', verb: 'deletecollection' });
  });
});

describe('resolveRequestInfo details', () => {
  it('copies the raw selectors of list, watch and deletecollection', () => {
    for (const [method, url] of [
      ['GET', '/api/v1/pods?labelSelector=app%3Dweb&fieldSelector=spec.nodeName%3Dn1'],
      ['GET', '/api/v1/pods?watch=1&labelSelector=app%3Dweb&fieldSelector=spec.nodeName%3Dn1'],
      ['DELETE', '/api/v1/pods?labelSelector=app%3Dweb&fieldSelector=spec.nodeName%3Dn1'],
    ] as const) {
      expect(resolve(method, url)).toMatchObject({ labelSelector: 'app=web', fieldSelector: 'spec.nodeName=n1' });
    }
  });

  it('does not copy selectors for get or for the legacy /watch/ prefix', () => {
    expect(resolve('GET', '/api/v1/namespaces/a/pods/x?labelSelector=a').labelSelector).toBe('');
    expect(resolve('GET', '/api/v1/watch/pods?labelSelector=a').labelSelector).toBe('');
  });

  it('treats any watch value but 0 and false as true, like Go', () => {
    expect(resolve('GET', '/api/v1/pods?watch').verb).toBe('watch');
    expect(resolve('GET', '/api/v1/pods?watch=FALSE').verb).toBe('list');
    expect(resolve('GET', '/api/v1/pods?watch=yes').verb).toBe('watch');
  });

  it('leaves the verb empty for an unknown method on a resource', () => {
    expect(resolve('OPTIONS', '/api/v1/pods').verb).toBe('');
  });

  it('percent-decodes the path before splitting, as Go does', () => {
    const info = resolve('GET', '/api/v1/namespaces/a%2Fb/pods');
    expect(info).toMatchObject({ path: '/api/v1/namespaces/a/b/pods', namespace: 'a', resource: 'b', name: 'pods' });
  });

  it('answers /api/v1/watch without a resource with a 500, as kube does', () => {
    expect(() => resolve('GET', '/api/v1/watch')).toThrow(StatusError);
    let err: unknown;
    try {
      resolve('GET', '/api/v1/proxy');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StatusError);
    expect((err as StatusError).status.code).toBe(500);
    expect((err as StatusError).message).toContain('unable to determine kind and namespace from url, /api/v1/proxy');
  });
});

describe('decodeUrlPath', () => {
  it('decodes UTF-8 escapes and keeps malformed ones', () => {
    expect(decodeUrlPath('/a%20b/%E2%9C%93')).toBe('/a b/✓');
    expect(decodeUrlPath('/100%/%zz')).toBe('/100%/%zz');
    expect(decodeUrlPath('/plain+path')).toBe('/plain+path');
  });
});
