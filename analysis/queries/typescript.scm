; TypeScript and TSX additions to ecma.scm.

(abstract_class_declaration name: (_) @name) @def.class
(interface_declaration name: (_) @name body: (_) @body) @def.interface
(internal_module name: (_) @name body: (_) @body) @def.module
(method_signature
  name: (_) @name
  parameters: (formal_parameters) @params
  return_type: (type_annotation (_) @result)?) @def.method
(abstract_method_signature
  name: (_) @name
  parameters: (formal_parameters) @params
  return_type: (type_annotation (_) @result)?) @def.method
(function_declaration return_type: (type_annotation (_) @result)) @def.function
(method_definition return_type: (type_annotation (_) @result)) @def.method
(public_field_definition
  name: (property_identifier) @name
  value: [(arrow_function body: (_) @body) (function_expression body: (_) @body)]) @def.lambda

(required_parameter pattern: (_) @param.name type: (type_annotation (_) @param.type)?) @param
(optional_parameter pattern: (_) @param.name type: (type_annotation (_) @param.type)?) @param
(accessibility_modifier) @modifier
(method_definition "readonly" @modifier)
(public_field_definition "static" @modifier)
