/** Masking of secret-looking environment values in diff output (diff/sensitive.ts). */
import { describe, expect, it } from 'vitest';
import { isSensitiveName, MASK, maskAssignment, maskField, maskValue } from '../../../src/deploy/diff/sensitive.js';

describe('maskAssignment', () => {
  it.each(['DB_PASSWORD=x', 'API_TOKEN=x', 'AWS_SECRET_ACCESS_KEY=x', 'PRIVATE_KEY=x', 'MYSQL_ROOT_PASSWORD=hunter2', 'db_passwd=x', 'GITHUB_AUTH=x', 'SMTP_CREDENTIALS=x', 'TLS_CERT=x', 'PASS=x'])(
    'masks %s',
    (text) => {
      const name = text.slice(0, text.indexOf('='));
      expect(isSensitiveName(name)).toBe(true);
      expect(maskAssignment(text)).toBe(`${name}=${MASK}`);
    },
  );

  it.each(['LOG_LEVEL=debug', 'PATH=/bin', 'HOME=/root', 'NODE_ENV=production', 'PORT=8080', 'TZ=UTC'])('leaves %s as it is', (text) => {
    expect(isSensitiveName(text.slice(0, text.indexOf('=')))).toBe(false);
    expect(maskAssignment(text)).toBe(text);
  });

  it('keeps everything after the first = hidden (values that contain =)', () => {
    expect(maskAssignment('API_TOKEN=a=b=c')).toBe(`API_TOKEN=${MASK}`);
  });

  it('only masks NAME=value: a bare name, a leading = or a value that merely mentions a secret stay', () => {
    expect(maskAssignment('DB_PASSWORD')).toBe('DB_PASSWORD');
    expect(maskAssignment('=DB_PASSWORD')).toBe('=DB_PASSWORD');
    expect(maskAssignment('MODE=password-less')).toBe('MODE=password-less');
  });

  it('masks an empty value too (the mask does not reveal that it is empty)', () => {
    expect(maskAssignment('DB_PASSWORD=')).toBe(`DB_PASSWORD=${MASK}`);
  });
});

describe('maskValue', () => {
  it('recurses through arrays and objects, leaving other values alone', () => {
    const spec = {
      Name: 's_web',
      Replicas: 2,
      ReadOnly: false,
      Nothing: null,
      TaskTemplate: { ContainerSpec: { Env: ['DB_PASSWORD=hunter2', 'LOG_LEVEL=debug'], Args: [['API_TOKEN=t0k3n'], 'PATH=/bin'] } },
    };
    expect(maskValue(spec)).toEqual({
      Name: 's_web',
      Replicas: 2,
      ReadOnly: false,
      Nothing: null,
      TaskTemplate: { ContainerSpec: { Env: [`DB_PASSWORD=${MASK}`, 'LOG_LEVEL=debug'], Args: [[`API_TOKEN=${MASK}`], 'PATH=/bin'] } },
    });
    expect(JSON.stringify(maskValue(spec))).not.toMatch(/hunter2|t0k3n/);
  });

  it('does not modify its input', () => {
    const env = ['DB_PASSWORD=hunter2'];
    maskValue({ env });
    expect(env).toEqual(['DB_PASSWORD=hunter2']);
  });

  it('handles scalars and undefined', () => {
    expect(maskValue(undefined)).toBeUndefined();
    expect(maskValue(3)).toBe(3);
    expect(maskValue('SECRET=1')).toBe(`SECRET=${MASK}`);
  });
});

describe('maskField', () => {
  it('masks before and after and keeps the path', () => {
    expect(maskField({ path: 'TaskTemplate.ContainerSpec.Env[0]', before: 'DB_PASSWORD=old', after: 'DB_PASSWORD=new' })).toEqual({
      path: 'TaskTemplate.ContainerSpec.Env[0]',
      before: `DB_PASSWORD=${MASK}`,
      after: `DB_PASSWORD=${MASK}`,
    });
    expect(maskField({ path: 'TaskTemplate.ContainerSpec.Env', before: undefined, after: ['API_TOKEN=x', 'A=b'] })).toEqual({
      path: 'TaskTemplate.ContainerSpec.Env',
      before: undefined,
      after: [`API_TOKEN=${MASK}`, 'A=b'],
    });
  });
});
